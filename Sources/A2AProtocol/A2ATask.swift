import JSONBytes

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

extension A2ATask: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let artifacts {
            writer.key("artifacts", &first)
            try writer.array(artifacts) { try $1.write(to: &$0) }
        }
        writer.key("contextId", &first)
        writer.string(contextId)
        if let history {
            writer.key("history", &first)
            try writer.array(history) { try $1.write(to: &$0) }
        }
        writer.key("id", &first)
        writer.string(id)
        if let metadata {
            writer.key("metadata", &first)
            try metadata.write(to: &writer)
        }
        writer.key("status", &first)
        try status.write(to: &writer)
        writer.endObject()
    }
}
