import JSONBytes

/// A task's current state, with an optional agent message and the time it was set.
public struct TaskStatus: Sendable, Hashable, Codable {
    public var state: TaskState
    public var message: Message?
    /// ISO 8601 UTC, e.g. `2026-11-22T23:18:19.974Z`.
    public var timestamp: String?

    public init(state: TaskState, message: Message? = nil, timestamp: String? = nil) {
        self.state = state
        self.message = message
        self.timestamp = timestamp
    }
}

extension TaskStatus: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let message {
            writer.key("message", &first)
            try message.write(to: &writer)
        }
        writer.key("state", &first)
        writer.string(state.rawValue)
        if let timestamp {
            writer.key("timestamp", &first)
            writer.string(timestamp)
        }
        writer.endObject()
    }
}
