import JSONBytes

/// One turn of a conversation (1.0 shape, no `kind`).
public struct Message: Sendable, Hashable, Codable {
    /// Who sent a message.
    public enum Role: String, Sendable, Hashable, Codable {
        case user = "ROLE_USER"
        case agent = "ROLE_AGENT"

        /// The 0.3 spelling: `user` / `agent`.
        public var v03Name: String { self == .user ? "user" : "agent" }

        /// Parses the 0.3 spelling.
        public init?(v03Name: String) {
            switch v03Name {
            case "user": self = .user
            case "agent": self = .agent
            default: return nil
            }
        }
    }

    public var messageId: String
    public var contextId: String?
    public var taskId: String?
    public var role: Role
    public var parts: [Part]
    public var metadata: JSONValue?
    public var extensions: [String]?
    public var referenceTaskIds: [String]?

    public init(
        messageId: String, role: Role, parts: [Part], contextId: String? = nil, taskId: String? = nil,
        metadata: JSONValue? = nil, extensions: [String]? = nil, referenceTaskIds: [String]? = nil
    ) {
        self.messageId = messageId
        self.contextId = contextId
        self.taskId = taskId
        self.role = role
        self.parts = parts
        self.metadata = metadata
        self.extensions = extensions
        self.referenceTaskIds = referenceTaskIds
    }

    /// The text of every text part, joined.
    public var text: String {
        parts.compactMap(\.text).joined()
    }

    private enum CodingKeys: String, CodingKey {
        case messageId, contextId, taskId, role, parts, metadata, extensions, referenceTaskIds
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        messageId = try c.decode(String.self, forKey: .messageId)
        contextId = try c.decodeIfPresent(String.self, forKey: .contextId).flatMap { $0.isEmpty ? nil : $0 }
        taskId = try c.decodeIfPresent(String.self, forKey: .taskId).flatMap { $0.isEmpty ? nil : $0 }
        role = try c.decode(Role.self, forKey: .role)
        parts = try c.decode([Part].self, forKey: .parts)
        metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata)
        extensions = try c.decodeIfPresent([String].self, forKey: .extensions).flatMap { $0.isEmpty ? nil : $0 }
        referenceTaskIds = try c.decodeIfPresent([String].self, forKey: .referenceTaskIds)
            .flatMap { $0.isEmpty ? nil : $0 }
    }
}

extension Message: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let contextId {
            writer.key("contextId", &first)
            writer.string(contextId)
        }
        if let extensions {
            writer.key("extensions", &first)
            writer.array(extensions) { $0.string($1) }
        }
        writer.key("messageId", &first)
        writer.string(messageId)
        if let metadata {
            writer.key("metadata", &first)
            try metadata.write(to: &writer)
        }
        writer.key("parts", &first)
        try writer.array(parts) { try $1.write(to: &$0) }
        if let referenceTaskIds {
            writer.key("referenceTaskIds", &first)
            writer.array(referenceTaskIds) { $0.string($1) }
        }
        writer.key("role", &first)
        writer.string(role.rawValue)
        if let taskId {
            writer.key("taskId", &first)
            writer.string(taskId)
        }
        writer.endObject()
    }
}

extension Message {

    /// Reads a message from parsed JSON without Codable, with `init(from:)`'s rules; nil for
    /// anything `init(from:)` would reject (or that this reader leaves to it).
    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), let messageId = members.string("messageId"),
              let roleName = members.string("role"), let role = Role(rawValue: roleName),
              case .array(let partValues)? = members.members["parts"],
              let contextId = members.optionalNonEmptyString("contextId"),
              let taskId = members.optionalNonEmptyString("taskId"),
              let extensions = members.optionalStrings("extensions"),
              let referenceTaskIds = members.optionalStrings("referenceTaskIds"),
              let parts = StrictMembers.array(partValues, Part.init(strict:))
        else { return nil }
        self.init(messageId: messageId, role: role, parts: parts, contextId: contextId, taskId: taskId,
                  metadata: members.optionalValue("metadata"),
                  extensions: extensions.flatMap { $0.isEmpty ? nil : $0 },
                  referenceTaskIds: referenceTaskIds.flatMap { $0.isEmpty ? nil : $0 })
    }
}
