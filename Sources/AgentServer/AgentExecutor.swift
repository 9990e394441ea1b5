import A2AProtocol

/// Produces an agent's answer as text deltas. The server turns the deltas into artifact-update
/// events between a WORKING and a COMPLETED status; a thrown error fails the task.
public protocol AgentExecutor: Sendable {
    /// Streams the answer to `question`; cancelling the consumer must stop the work.
    func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error>

    /// The whole answer as its deltas, for an executor that has it at once without waiting
    /// (the local model), or nil to stream it with `answer`. The server then records it
    /// without a stream in between: the standard library's `AsyncThrowingStream` is generic
    /// code that is not specialized for its element, and cost a local answer 12 % of its
    /// instructions in metadata lookups.
    func immediateAnswer(_ question: String, context: AgentExecutionContext) -> [String]?
}

extension AgentExecutor {
    /// Streams by default.
    public func immediateAnswer(_ question: String, context: AgentExecutionContext) -> [String]? { nil }
}
