import A2AProtocol
import AgentExecutors
import AgentKnowledge
import AgentServer
import AgentTesting
import Foundation

/// An agent executor that streams a fixed answer slowly and counts how often it computed one,
/// served by the real agent server on loopback: it stands in for a slow model behind an agent.
final class SlowAnswerExecutor: AgentExecutor, @unchecked Sendable {
    // @unchecked Sendable: `count` is guarded by `lock`.
    private let lock = NSLock()
    private var count = 0
    private var sent = 0
    private var hold: AsyncGate?
    let chunks: [String]
    let delay: Duration

    init(chunks: [String], delay: Duration) {
        self.chunks = chunks
        self.delay = delay
    }

    var executions: Int { lock.withLock { count } }
    /// The chunks handed to the agent server so far, over all executions.
    var yielded: Int { lock.withLock { sent } }

    /// Answers started from now on hold their last chunk back until `gate` opens.
    func holdLastChunk(until gate: AsyncGate) {
        lock.withLock { hold = gate }
    }

    func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        let hold = lock.withLock { () -> AsyncGate? in
            count += 1
            return self.hold
        }
        let chunks = chunks, delay = delay
        return AsyncThrowingStream { continuation in
            let task = Task {
                for (index, chunk) in chunks.enumerated() {
                    try? await Task.sleep(for: delay)
                    if index == chunks.count - 1 { await hold?.wait() }
                    if Task.isCancelled { break }
                    self.lock.withLock { self.sent += 1 }
                    continuation.yield(chunk)
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// Starts the HR agent's card and identity with `executor` on `port`.
func startAgent(_ id: String, executor: any AgentExecutor, port: Int) throws -> RunningAgentServer {
    let catalog = try AgentCatalog(directory: repositoryRoot.appendingPathComponent("agents"))
    guard let definition = catalog.agent(id: id) else { throw TestFailure("no agent \(id)") }
    return try AgentServerFactory.start(definition: definition, executor: executor, port: port)
}
