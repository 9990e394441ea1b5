import JSONBytes

/// The result of `SendMessage`: `{"task":…}` or `{"message":…}`.
public enum SendMessageResponse: Sendable, Hashable, Codable {
    case task(A2ATask)
    case message(Message)

    private enum CodingKeys: String, CodingKey {
        case task, message
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let task = try c.decodeIfPresent(A2ATask.self, forKey: .task) {
            self = .task(task)
        } else if let message = try c.decodeIfPresent(Message.self, forKey: .message) {
            self = .message(message)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "expected task or message"))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .task(let value): try c.encode(value, forKey: .task)
        case .message(let value): try c.encode(value, forKey: .message)
        }
    }
}

extension SendMessageResponse: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        switch self {
        case .task(let value):
            writer.key("task", &first)
            try value.write(to: &writer)
        case .message(let value):
            writer.key("message", &first)
            try value.write(to: &writer)
        }
        writer.endObject()
    }
}
