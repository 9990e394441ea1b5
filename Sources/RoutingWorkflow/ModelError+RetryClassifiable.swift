import ModelProviders

extension ModelError: RetryClassifiable {
    public var errorType: String { "ModelError.\(kind.rawValue)" }
    public var messageForHistory: String { message }
}
