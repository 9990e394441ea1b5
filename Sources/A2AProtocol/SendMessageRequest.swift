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
