import A2AProtocol

/// Produces an agent's answer as text deltas. The server turns the deltas into artifact-update
/// events between a WORKING and a COMPLETED status; a thrown error fails the task.
public protocol AgentExecutor: Sendable {
    /// Streams the answer to `question`; cancelling the consumer must stop the work.
    func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error>
}
