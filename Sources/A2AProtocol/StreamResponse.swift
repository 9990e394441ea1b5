import JSONBytes

/// One streamed event (1.0): exactly one of `task`, `message`, `statusUpdate`, `artifactUpdate`.
public enum StreamResponse: Sendable, Hashable, Codable {
    case task(A2ATask)
    case message(Message)
    case statusUpdate(TaskStatusUpdateEvent)
    case artifactUpdate(TaskArtifactUpdateEvent)

    private enum CodingKeys: String, CodingKey {
        case task, message, statusUpdate, artifactUpdate
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let task = try c.decodeIfPresent(A2ATask.self, forKey: .task) {
            self = .task(task)
        } else if let message = try c.decodeIfPresent(Message.self, forKey: .message) {
            self = .message(message)
        } else if let update = try c.decodeIfPresent(TaskStatusUpdateEvent.self, forKey: .statusUpdate) {
            self = .statusUpdate(update)
        } else if let update = try c.decodeIfPresent(TaskArtifactUpdateEvent.self, forKey: .artifactUpdate) {
            self = .artifactUpdate(update)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "expected one of task, message, statusUpdate, artifactUpdate"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .task(let value): try c.encode(value, forKey: .task)
        case .message(let value): try c.encode(value, forKey: .message)
        case .statusUpdate(let value): try c.encode(value, forKey: .statusUpdate)
        case .artifactUpdate(let value): try c.encode(value, forKey: .artifactUpdate)
        }
    }

    /// The state this event leaves the task in, when it says so.
    public var state: TaskState? {
        switch self {
        case .task(let task): task.status.state
        case .statusUpdate(let update): update.status.state
        case .message, .artifactUpdate: nil
        }
    }

    /// True when the stream ends after this event (a message, or a terminal or interrupted state).
    public var endsStream: Bool {
        if case .message = self { return true }
        guard let state else { return false }
        return state.isTerminal || state.isInterrupted
    }
}

extension StreamResponse: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        switch self {
        case .task(let value):
            writer.key("task", &first)
            try value.write(to: &writer)
        case .message(let value):
            writer.key("message", &first)
            try value.write(to: &writer)
        case .statusUpdate(let value):
            writer.key("statusUpdate", &first)
            try value.write(to: &writer)
        case .artifactUpdate(let value):
            writer.key("artifactUpdate", &first)
            try value.write(to: &writer)
        }
        writer.endObject()
    }
}
