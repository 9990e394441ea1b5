import A2AProtocol

/// What an executor knows about the request it answers.
public struct AgentExecutionContext: Sendable {
    public var taskId: String
    public var contextId: String
    /// The user's message being answered.
    public var message: Message
    /// Earlier messages of the task, oldest first (without `message`).
    public var history: [Message]
    /// Whether anybody follows the task's events live (watched unless the server says otherwise).
    public var watchers: TaskWatchers

    public init(taskId: String, contextId: String, message: Message, history: [Message] = [],
                watchers: TaskWatchers = TaskWatchers(watched: true)) {
        self.taskId = taskId
        self.contextId = contextId
        self.message = message
        self.history = history
        self.watchers = watchers
    }
}
