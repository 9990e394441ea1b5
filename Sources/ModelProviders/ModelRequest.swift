/// What is asked of a language model: the conversation plus sampling settings.
public struct ModelRequest: Sendable, Equatable {
    public var messages: [ChatMessage]
    /// Sampling temperature; nil leaves the provider's default.
    public var temperature: Double?
    /// An upper bound on generated tokens; nil leaves the provider's default.
    public var maxOutputTokens: Int?

    public init(messages: [ChatMessage], temperature: Double? = nil, maxOutputTokens: Int? = nil) {
        self.messages = messages
        self.temperature = temperature
        self.maxOutputTokens = maxOutputTokens
    }
}
