import A2AProtocol

/// What ListTasks sorts and filters an external task by.
public struct ExternalTaskSummary: Sendable, Equatable {
    public var id: String
    public var contextId: String
    public var state: TaskState
    /// ISO 8601 UTC, as `A2AJSON.timestamp` writes it.
    public var statusTimestamp: String?
    /// When the task was created, in microseconds since 1970 (the sort key).
    public var createdMicros: Int64

    public init(id: String, contextId: String, state: TaskState, statusTimestamp: String?, createdMicros: Int64) {
        self.id = id
        self.contextId = contextId
        self.state = state
        self.statusTimestamp = statusTimestamp
        self.createdMicros = createdMicros
    }
}
