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
