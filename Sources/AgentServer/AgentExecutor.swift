import A2AProtocol

/// What an executor knows about the request it answers.
public struct AgentExecutionContext: Sendable {
    public var taskId: String
    public var contextId: String
    /// The user's message being answered.
    public var message: Message
    /// Earlier messages of the task, oldest first (without `message`).
    public var history: [Message]

    public init(taskId: String, contextId: String, message: Message, history: [Message] = []) {
        self.taskId = taskId
        self.contextId = contextId
        self.message = message
        self.history = history
    }
}

/// Produces an agent's answer as text deltas. The server turns the deltas into artifact-update
/// events between a WORKING and a COMPLETED status; a thrown error fails the task.
public protocol AgentExecutor: Sendable {
    /// Streams the answer to `question`; cancelling the consumer must stop the work.
    func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error>
}
