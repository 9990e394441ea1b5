import HTTPClient

/// How a provider authenticates; `variable` names the setting for error messages.
enum ModelAuthorization: Sendable {
    case none
    case bearer(String, variable: String)
    /// Azure's `api-key` header.
    case apiKey(String, variable: String)
    /// A Microsoft Entra token from a command, refreshed before it expires.
    case tokenCommand(AzureTokenSource)

    /// The setting to name when the server rejects the credential.
    var variable: String {
        switch self {
        case .none: "OPENAI_API_KEY"
        case .bearer(_, let variable), .apiKey(_, let variable): variable
        case .tokenCommand: "AZURE_OPENAI_AD_TOKEN_COMMAND"
        }
    }

    /// Adds the credential to `headers`.
    func apply(to headers: inout HTTPClientHeaders) async throws {
        switch self {
        case .none: break
        case .bearer(let token, _): headers.set("Authorization", "Bearer \(token)")
        case .apiKey(let key, _): headers.set("api-key", key)
        case .tokenCommand(let source): headers.set("Authorization", "Bearer \(try await source.token())")
        }
    }
}
