/// A unit of work on the agent (the protocol's `Task`; renamed so it does not shadow
/// Swift's `Task`).
public struct A2ATask: Sendable, Hashable, Codable {
    public var id: String
    public var contextId: String
    public var status: TaskStatus
    public var artifacts: [Artifact]?
    public var history: [Message]?
    public var metadata: JSONValue?

    public init(
        id: String, contextId: String, status: TaskStatus, artifacts: [Artifact]? = nil,
        history: [Message]? = nil, metadata: JSONValue? = nil
    ) {
        self.id = id
        self.contextId = contextId
        self.status = status
        self.artifacts = artifacts
        self.history = history
        self.metadata = metadata
    }

    /// A copy whose history keeps only the last `length` messages (nil keeps all, 0 omits it).
    public func trimmingHistory(to length: Int?) -> A2ATask {
        guard let length else { return self }
        var copy = self
        if length <= 0 {
            copy.history = nil
        } else if let history, history.count > length {
            copy.history = Array(history.suffix(length))
        }
        return copy
    }
}
