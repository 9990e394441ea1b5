import ModelProviders

/// Chooses the language model from the environment and `.env` (local when nothing is set).
enum ModelWiring {
    /// The configured provider, or nil for the built-in local model.
    static func provider() throws -> (any ModelProvider)? {
        nil
    }
}
