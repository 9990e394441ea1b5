import A2AProtocol

/// An executor that can do more than stream text: emit artifacts of any kind (files, data)
/// and end in any state, for example INPUT_REQUIRED to ask the user a question. The server
/// prefers `run` over `answer` when an executor adopts this protocol.
public protocol AgentTaskExecutor: AgentExecutor {
    /// Streams the work on the task; ends COMPLETED unless a `.finish` event says otherwise.
    func run(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<AgentTaskEvent, any Error>
}

extension AgentTaskExecutor {
    /// The text of `run`, for callers that only want text.
    public func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        let events = run(question, context: context)
        return AsyncThrowingStream { continuation in
            let pump = Task {
                do {
                    for try await event in events {
                        if case .text(let text) = event { continuation.yield(text) }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in pump.cancel() }
        }
    }
}
