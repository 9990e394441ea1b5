import A2AProtocol
import AgentServer
import AgentTesting
import Foundation

/// Answers with fixed chunks, optionally waiting for `gate` to open first; counts its runs.
final class ScriptedExecutor: AgentExecutor, @unchecked Sendable {
    // @unchecked Sendable: `runs` is only touched while holding `lock`.
    let chunks: [String]
    let gated: Bool
    let failure: (any Error)?
    private let gate = AsyncGate()
    private let lock = NSLock()
    private var runs = 0

    init(chunks: [String] = ["Hello", ", ", "world", "."], gated: Bool = false, failure: (any Error)? = nil) {
        self.chunks = chunks
        self.gated = gated
        self.failure = failure
    }

    var runCount: Int { lock.withLock { runs } }

    /// Lets every waiting (and future) run proceed.
    func open() {
        gate.open()
    }

    func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        lock.withLock { runs += 1 }
        return AsyncThrowingStream { continuation in
            let task = Task { [gate] in
                if gated { await gate.wait() }
                if Task.isCancelled { continuation.finish(throwing: CancellationError()); return }
                for chunk in chunks { continuation.yield(chunk) }
                if let failure { continuation.finish(throwing: failure) } else { continuation.finish() }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}

/// An executor error with a readable message.
struct ExecutorBoom: Error, CustomStringConvertible {
    var description: String { "model unavailable (HTTP 503)" }
}
