import JSONBytes

/// A streamed change of a task's status (1.0 has no `final` flag).
public struct TaskStatusUpdateEvent: Sendable, Hashable, Codable {
    public var taskId: String
    public var contextId: String
    public var status: TaskStatus
    public var metadata: JSONValue?

    public init(taskId: String, contextId: String, status: TaskStatus, metadata: JSONValue? = nil) {
        self.taskId = taskId
        self.contextId = contextId
        self.status = status
        self.metadata = metadata
    }
}

extension TaskStatusUpdateEvent: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("contextId", &first)
        writer.string(contextId)
        if let metadata {
            writer.key("metadata", &first)
            try metadata.write(to: &writer)
        }
        writer.key("status", &first)
        try status.write(to: &writer)
        writer.key("taskId", &first)
        writer.string(taskId)
        writer.endObject()
    }
}
