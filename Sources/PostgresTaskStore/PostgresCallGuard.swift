import AgentServer
import Dispatch
import Foundation
import NIOSSL
import PostgresNIO
import Synchronization

/// Runs the PostgreSQL client's calls within a time limit and turns their failures into clear
/// `TaskDatabaseError`s. A server that cannot be reached is remembered: until it is back, calls
/// fail at once (with the same clear error) while one loop tries a connection of its own every
/// 200 ms; once one succeeds, the pool is replaced by a new one (its own reconnect attempts may
/// be a minute apart by then) and calls go on.
///
/// `call` is async: the caller (the task manager's actor) is suspended, not blocked, while the
/// server answers, and runs other requests meanwhile. Only the start of the store waits
/// (`wait`), on a thread of its own (`StoreThreadExecutor`).
final class PostgresCallGuard: Sendable {
    private let executor: StoreThreadExecutor
    /// Where the server is, for error messages (`host:port/database`, no credentials).
    let target: String
    private let timeout: Duration
    /// The connections calls use.
    let pool: PostgresPool
    /// Why the server cannot be reached, while it cannot (calls fail at once), and whether the
    /// loop that waits for it to come back runs.
    private let down = Mutex<(problem: String?, recovering: Bool)>((nil, false))
    /// Ends the calls that have run past their time limit.
    private let watchdog = CallWatchdog()
    /// How often the loop tries to connect while the server cannot be reached.
    static let probeInterval = Duration.milliseconds(200)

    /// Connects once outside the pool: the pool retries a failing connection quietly, so its
    /// callers wait without a reason; this one's error is the reason.
    let probe: @Sendable () async throws -> Void

    init(executor: StoreThreadExecutor, target: String, timeout: Duration, pool: PostgresPool,
         probe: @escaping @Sendable () async throws -> Void) {
        self.executor = executor
        self.target = target
        self.timeout = timeout
        self.pool = pool
        self.probe = probe
        let watchdog = self.watchdog
        Task(executorPreference: executor) { await watchdog.run() }
    }

    /// Runs `body` (doing `what`) with the pool's client and returns its result; the caller is
    /// suspended meanwhile.
    /// - Throws: `TaskDatabaseError`, with `unreachable` when the server cannot be reached.
    nonisolated(nonsending) func call<T: Sendable>(_ what: String,
                                                   _ body: @escaping @Sendable (PostgresClient) async throws -> T) async throws -> T {
        if let problem = down.withLock({ $0.problem }) { throw unreachable(problem) }
        let (client, generation) = pool.current
        guard let result = await watchdog.attempt({ try await body(client) }, within: timeout) else {
            throw diagnosis(await watchdog.attempt(probe, within: .seconds(1)), generation: generation)
        }
        return try answer(result, what, generation: generation)
    }

    /// Runs `body` (doing `what`) on the store's thread with the pool's client and blocks until
    /// it returns (when the store starts, before the agent serves).
    /// - Throws: `TaskDatabaseError`, with `unreachable` when the server cannot be reached.
    func wait<T: Sendable>(_ what: String, _ body: @escaping @Sendable (PostgresClient) async throws -> T) throws -> T {
        let client = pool.current.client
        guard let result = block({ try await body(client) }, within: timeout) else {
            throw diagnosis(block(probe, within: .seconds(1)), generation: nil)
        }
        return try answer(result, what, generation: nil)
    }

    /// The value of a call that finished, or the error it is reported with. A server that cannot
    /// be reached is recorded as such (`markDown`) unless `generation` is nil (at start).
    private func answer<T>(_ result: Result<T, any Error>, _ what: String, generation: Int?) throws -> T {
        switch result.mapError(Self.unwrapped) {
        case .success(let value):
            return value
        case .failure(let error as TaskDatabaseError):
            throw error
        case .failure(let error):
            if Self.isConnectionProblem(error) { throw markDown(Self.describe(error), generation: generation) }
            throw TaskDatabaseError(message: "tasks store (PostgreSQL at \(target)): \(what): \(Self.describe(error))")
        }
    }

    /// Why a call got no answer in time, from a connection of its own (`probed`: refused, no
    /// such database, a bad password...).
    private func diagnosis(_ probed: Result<Void, any Error>?, generation: Int?) -> TaskDatabaseError {
        if case .failure(let error)? = probed.map({ $0.mapError(Self.unwrapped) }), !Self.isConnectionProblem(error) {
            return TaskDatabaseError(message: "tasks store (PostgreSQL at \(target)): \(Self.describe(error))")
        }
        if case .failure(let error)? = probed { return markDown(Self.describe(error), generation: generation) }
        // The server answers a connection of its own but not the pool: the pool is waiting to
        // reconnect (after an outage nobody called through), and the loop replaces it.
        return markDown("no answer within \(timeout)", generation: generation)
    }

    /// Runs `body` on the store's thread and blocks; nil when it has not finished within
    /// `limit` (it is cancelled then).
    private func block<T: Sendable>(_ body: @escaping @Sendable () async throws -> T, within limit: Duration) -> Result<T, any Error>? {
        let outcome = BlockingOutcome<T>()
        let task = Task(executorPreference: executor) {
            do {
                outcome.finish(.success(try await body()))
            } catch {
                outcome.finish(.failure(error))
            }
        }
        guard let result = outcome.wait(limit) else {
            task.cancel()
            return nil
        }
        return result
    }

    /// Records that the server cannot be reached (unless the call that found it used a pool
    /// replaced since: its failure says nothing of the server now), and returns the error saying
    /// so. Calls fail at once from now until a connection of the loop's own succeeds.
    func markDown(_ reason: String, generation: Int?) -> TaskDatabaseError {
        guard let generation else { return unreachable(reason) }
        let start = down.withLock { down -> Bool in
            guard generation == pool.current.generation else { return false }
            down.problem = reason
            defer { down.recovering = true }
            return !down.recovering
        }
        if start { Task(executorPreference: executor) { await self.recover(replacing: true) } }
        return unreachable(reason)
    }

    /// Checks whether the server can be reached (the listening connection was lost): when it
    /// cannot, calls fail at once until it is back, and then go to a new pool.
    func suspect() {
        let start = down.withLock { down -> Bool in
            defer { down.recovering = true }
            return !down.recovering
        }
        if start { Task(executorPreference: executor) { await self.recover(replacing: false) } }
    }

    /// Tries a connection of its own every `probeInterval` until one succeeds; then replaces the
    /// pool (when the server could not be reached, or `replacing`) and lets calls through again.
    private func recover(replacing: Bool) async {
        var replacing = replacing
        while true {
            let problem: String
            switch await watchdog.attempt(probe, within: .seconds(1))?.mapError(Self.unwrapped) {
            case .success?:
                // A call may have found the server gone meanwhile (this loop was only checking).
                if replacing || down.withLock({ $0.problem != nil }) { pool.replace() }
                down.withLock { $0 = (nil, false) }
                return
            case .failure(let error)?:
                problem = Self.describe(error)
            case nil:
                problem = "no answer within 1 second"
            }
            replacing = true
            down.withLock { $0.problem = problem }
            try? await Task.sleep(for: Self.probeInterval)
        }
    }

    private func unreachable(_ reason: String) -> TaskDatabaseError {
        TaskDatabaseError(message: "PostgreSQL at \(target) cannot be reached (\(reason))", unreachable: true)
    }

    /// The error inside a failed transaction (the client wraps it).
    static func unwrapped(_ error: any Error) -> any Error {
        guard let failed = error as? PostgresTransactionError else { return error }
        return failed.closureError ?? failed.beginError ?? failed.commitError ?? failed.rollbackError ?? error
    }

    /// True for errors of the connection rather than of a statement.
    static func isConnectionProblem(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return !(error is TaskDatabaseError) }
        if error.code == .server {
            // Class 08 (connection exception) and 57P (the server shutting down or starting).
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P")
        }
        return true
    }

    /// True for a statement that failed only because it met another transaction (a deadlock
    /// or a serialization failure): running it again succeeds.
    static func isConflict(_ error: any Error) -> Bool {
        guard let error = unwrapped(error) as? PSQLError, error.code == .server else { return false }
        let state = error.serverInfo?[.sqlState] ?? ""
        return state == "40P01" || state == "40001"
    }

    /// What went wrong, in words: the server's message, or the client's error code and cause.
    /// (`PSQLError`'s own description hides both.)
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return [info[.sqlState].map { "\($0): " } ?? "", message, info[.detail].map { " (\($0))" } ?? ""].joined()
        }
        if let underlying = error.underlying, let tls = describeTLS(underlying) { return tls }
        return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
    }

    /// What a failed TLS handshake means for the URL's settings, or nil for other errors.
    private static func describeTLS(_ error: any Error) -> String? {
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the TLS handshake failed: the server's certificate is not signed by a trusted CA (sslrootcert)"
        }
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the TLS handshake failed: the server's certificate is not for this host (sslmode=verify-full)"
        }
        guard error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError else { return nil }
        return "the TLS handshake failed: \(text)"
    }
}

/// The result of one blocking call, handed from the store's thread to the waiting caller.
private final class BlockingOutcome<T: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `result` is written once, before `done` is signalled, and read after.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    func finish(_ result: Result<T, any Error>) {
        self.result = result
        done.signal()
    }

    /// The result, or nil when it did not come within `timeout`.
    func wait(_ timeout: Duration) -> Result<T, any Error>? {
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        guard done.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return nil }
        return result
    }
}
