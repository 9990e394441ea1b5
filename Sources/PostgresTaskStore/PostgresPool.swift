import Logging
import PostgresNIO
import Synchronization

/// The store's pooled connections (a `PostgresClient`) and its LISTEN connection, replaced by new
/// ones when the server is back after an outage: PostgresNIO's pool waits longer and longer
/// between its attempts to reconnect (up to a minute, not configurable in 1.33), while a new
/// pool connects at once.
final class PostgresPool: Sendable {
    private let configuration: PostgresClient.Configuration
    private let logger: Logger
    private let executor: StoreThreadExecutor
    /// How long a replaced pool stays open for the calls under way on it.
    private let closeAfter: Duration
    private let state: Mutex<State>

    private struct State {
        var client: PostgresClient
        /// How many times the pool was replaced.
        var generation = 0
        /// The task that runs `client` (cancelling it closes the pool).
        var running: Task<Void, Never>
        /// Listens for notifications on one of `client`'s connections, for as long as it is current.
        var listener: Task<Void, Never>?
        var listen: (@Sendable (PostgresClient) async -> Void)?
    }

    init(configuration: PostgresClient.Configuration, logger: Logger, executor: StoreThreadExecutor, closeAfter: Duration) {
        self.configuration = configuration
        self.logger = logger
        self.executor = executor
        self.closeAfter = closeAfter
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        state = Mutex(State(client: client, running: Task(executorPreference: executor) { await client.run() }))
    }

    /// The client calls use now, and its generation (a failure of an older one says nothing of the server now).
    var current: (client: PostgresClient, generation: Int) {
        state.withLock { ($0.client, $0.generation) }
    }

    /// Runs `listen` on the current client, and on each new one (cancelling it on the old).
    func keepListening(_ listen: @escaping @Sendable (PostgresClient) async -> Void) {
        state.withLock { state in
            state.listen = listen
            state.listener?.cancel()
            let client = state.client
            state.listener = Task(executorPreference: executor) { await listen(client) }
        }
    }

    /// Replaces the pool with a new one, which connects at once, and moves the listener to it.
    /// The old pool closes after `closeAfter`: calls under way on it may end; calls waiting for
    /// one of its connections fail then (`PSQLError.poolClosed`).
    func replace() {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let running = Task(executorPreference: executor) { await client.run() }
        let (old, oldListener) = state.withLock { state in
            defer {
                state.client = client
                state.generation += 1
                state.running = running
                state.listener = state.listen.map { listen in Task(executorPreference: executor) { await listen(client) } }
            }
            return (state.running, state.listener)
        }
        oldListener?.cancel()
        let closeAfter = self.closeAfter
        Task(executorPreference: executor) {
            try? await Task.sleep(for: closeAfter)
            old.cancel()
        }
    }
}
