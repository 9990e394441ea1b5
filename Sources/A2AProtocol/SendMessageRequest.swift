import JSONBytes

/// Params of `SendMessage` / `SendStreamingMessage` (and the REST send body).
public struct SendMessageRequest: Sendable, Hashable, Codable {
    public var message: Message
    public var configuration: SendMessageConfiguration?
    public var metadata: JSONValue?
    public var tenant: String?

    public init(
        message: Message, configuration: SendMessageConfiguration? = nil, metadata: JSONValue? = nil,
        tenant: String? = nil
    ) {
        self.message = message
        self.configuration = configuration
        self.metadata = metadata
        self.tenant = tenant
    }
}

extension SendMessageRequest {
    /// Reads the usual request shapes from parsed JSON params without Codable; nil for
    /// anything unusual or wrong, so the caller falls back to Codable and its exact errors.
    public init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), let messageJSON = members.members["message"],
              let message = Message(strict: messageJSON), let tenant = members.optionalString("tenant")
        else { return nil }
        let metadata = members.optionalValue("metadata")
        var configuration: SendMessageConfiguration?
        switch members.members["configuration"] {
        case nil, .null?: configuration = nil
        case let value?:
            guard let parsed = SendMessageConfiguration(strict: value) else { return nil }
            configuration = parsed
        }
        self.init(message: message, configuration: configuration, metadata: metadata, tenant: tenant)
    }
}

extension SendMessageRequest: JSONWritable {
    /// The keys sorted, absent members left out, as `A2AJSON.codableEncode` writes it; the
    /// configuration, rare on this path, goes through Codable.
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let configuration {
            writer.key("configuration", &first)
            writer.raw(try A2AJSON.codableEncode(configuration))
        }
        writer.key("message", &first)
        try message.write(to: &writer)
        if let metadata {
            writer.key("metadata", &first)
            try metadata.write(to: &writer)
        }
        if let tenant {
            writer.key("tenant", &first)
            writer.string(tenant)
        }
        writer.endObject()
    }
}
