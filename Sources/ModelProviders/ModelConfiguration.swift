import Foundation
import HTTPClient

/// Which language model to use, from the environment and a `.env` file (the environment wins).
///
/// `SWITCHBOARD_MODEL=local|openai|azure` chooses; unset means Azure when `AZURE_OPENAI_ENDPOINT`
/// is set, else OpenAI when `OPENAI_BASE_URL` or `OPENAI_API_KEY` is set, else the local model.
public struct ModelConfiguration: Sendable, Equatable {
    /// The kind of model.
    public enum Kind: String, Sendable, Equatable { case local, openai, azure }
    /// The OpenAI wire API.
    public enum API: String, Sendable, Equatable { case chat, responses }

    public let kind: Kind
    /// All settings that were read (environment over `.env`).
    public let settings: [String: String]
    /// Where requests go: the Chat Completions or Responses URL, or Azure's deployment URL with
    /// its `api-version`; nil for the local model.
    public let endpoint: URL?

    /// Loads the configuration.
    /// - Throws: `ModelConfigurationError` naming the variable that is missing or wrong.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment,
                            dotEnvFile: URL? = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".env"))
        throws -> ModelConfiguration
    {
        let fromFile = try dotEnvFile.map(DotEnvFile.load) ?? [:]
        let settings = fromFile.merging(environment.filter { !$0.value.isEmpty }) { _, environment in environment }
        let kind: Kind
        if let explicit = settings["SWITCHBOARD_MODEL"] {
            guard let parsed = Kind(rawValue: explicit.lowercased()) else {
                throw ModelConfigurationError("SWITCHBOARD_MODEL must be local, openai or azure (got '\(explicit)')")
            }
            kind = parsed
        } else if settings["AZURE_OPENAI_ENDPOINT"] != nil {
            kind = .azure
        } else if settings["OPENAI_BASE_URL"] != nil || settings["OPENAI_API_KEY"] != nil {
            kind = .openai
        } else {
            kind = .local
        }
        return try ModelConfiguration(kind: kind, settings: settings)
    }

    /// Checks the settings `kind` needs and resolves the endpoint from them.
    /// - Throws: `ModelConfigurationError` naming the variable that is missing or wrong.
    private init(kind: Kind, settings: [String: String]) throws {
        self.kind = kind
        self.settings = settings
        try Self.validate(kind, settings)
        endpoint = try Self.endpoint(kind, settings)
    }

    private static func validate(_ kind: Kind, _ settings: [String: String]) throws {
        switch kind {
        case .local:
            return
        case .openai:
            if let base = settings["OPENAI_BASE_URL"] { try Self.checkURL(base, "OPENAI_BASE_URL") }
            if settings["OPENAI_BASE_URL"] == nil && settings["OPENAI_API_KEY"] == nil {
                throw ModelConfigurationError("SWITCHBOARD_MODEL=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a local compatible server)")
            }
            if let api = settings["OPENAI_API"], API(rawValue: api) == nil {
                throw ModelConfigurationError("OPENAI_API must be chat or responses (got '\(api)')")
            }
        case .azure:
            for name in ["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_VERSION", "AZURE_OPENAI_DEPLOYED_MODEL_NAME"] where settings[name] == nil {
                throw ModelConfigurationError("SWITCHBOARD_MODEL=azure needs \(name)")
            }
            try checkURL(settings["AZURE_OPENAI_ENDPOINT"] ?? "", "AZURE_OPENAI_ENDPOINT")
            let credentials = ["AZURE_OPENAI_API_KEY", "AZURE_OPENAI_AD_TOKEN", "AZURE_OPENAI_AD_TOKEN_COMMAND"].filter { settings[$0] != nil }
            if credentials.isEmpty {
                throw ModelConfigurationError("Azure OpenAI needs a credential: AZURE_OPENAI_API_KEY, AZURE_OPENAI_AD_TOKEN or AZURE_OPENAI_AD_TOKEN_COMMAND")
            }
            if credentials.count > 1 {
                throw ModelConfigurationError("set only one Azure credential, not \(credentials.joined(separator: " and "))")
            }
        }
    }

    /// The endpoint URL, built only from validated settings.
    private static func endpoint(_ kind: Kind, _ settings: [String: String]) throws -> URL? {
        switch kind {
        case .local:
            return nil
        case .openai:
            let base = (settings["OPENAI_BASE_URL"] ?? "https://api.openai.com/v1").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let path = settings["OPENAI_API"] == API.responses.rawValue ? "/responses" : "/chat/completions"
            guard let url = URL(string: base + path) else {
                throw ModelConfigurationError("OPENAI_BASE_URL does not make a valid URL with \(path) (got '\(base)')")
            }
            return url
        case .azure:
            let endpoint = (settings["AZURE_OPENAI_ENDPOINT"] ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            let deployment = settings["AZURE_OPENAI_DEPLOYED_MODEL_NAME"] ?? ""
            // Azure deployment names are letters, digits, '-', '_' and '.'.
            let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
            guard !deployment.isEmpty, deployment.unicodeScalars.allSatisfy({ $0.isASCII && allowed.contains($0) }) else {
                throw ModelConfigurationError(
                    "AZURE_OPENAI_DEPLOYED_MODEL_NAME may hold only letters, digits, '-', '_' and '.' (got '\(deployment)')")
            }
            guard var components = URLComponents(string: "\(endpoint)/openai/deployments/\(deployment)/chat/completions") else {
                throw ModelConfigurationError("AZURE_OPENAI_ENDPOINT does not make a valid URL (got '\(endpoint)')")
            }
            components.queryItems = [URLQueryItem(name: "api-version", value: settings["AZURE_OPENAI_API_VERSION"] ?? "")]
            guard let url = components.url else {
                throw ModelConfigurationError("AZURE_OPENAI_API_VERSION does not make a valid URL query (got '\(settings["AZURE_OPENAI_API_VERSION"] ?? "")')")
            }
            return url
        }
    }

    private static func checkURL(_ value: String, _ name: String) throws {
        guard let url = URL(string: value), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw ModelConfigurationError("\(name) must be an http(s) URL (got '\(value)')")
        }
    }

    /// The model name used for OpenAI-compatible servers.
    public var openAIModel: String { settings["OPENAI_MODEL"] ?? "gpt-4o-mini" }

    /// A label without credentials, e.g. `openai:gpt-4o-mini`.
    public var summary: String {
        switch kind {
        case .local: "local"
        case .openai: "openai:\(openAIModel)"
        case .azure: "azure:\(settings["AZURE_OPENAI_DEPLOYED_MODEL_NAME"] ?? "?")"
        }
    }

    /// The provider for this configuration, or nil for the local model. `client` defaults to
    /// `HTTPClient.shared`, which is only created (and libcurl only loaded) for a remote model.
    public func makeProvider(client: HTTPClient? = nil) -> (any ModelProvider)? {
        guard let endpoint else { return nil }   // the local model
        let http = client ?? .shared   // only created for a remote model
        switch kind {
        case .local:
            return nil
        case .openai:
            let auth: ModelAuthorization = settings["OPENAI_API_KEY"].map { .bearer($0, variable: "OPENAI_API_KEY") } ?? .none
            if settings["OPENAI_API"] == API.responses.rawValue {
                return OpenAIResponsesProvider(endpoint: endpoint, model: openAIModel, authorization: auth, label: summary, client: http)
            }
            return ChatCompletionsProvider(endpoint: endpoint, model: openAIModel, authorization: auth, label: summary, client: http)
        case .azure:
            let auth: ModelAuthorization
            if let key = settings["AZURE_OPENAI_API_KEY"] {
                auth = .apiKey(key, variable: "AZURE_OPENAI_API_KEY")
            } else if let token = settings["AZURE_OPENAI_AD_TOKEN"] {
                auth = .bearer(token, variable: "AZURE_OPENAI_AD_TOKEN")
            } else {
                auth = .tokenCommand(AzureTokenSource(command: settings["AZURE_OPENAI_AD_TOKEN_COMMAND"] ?? ""))
            }
            return ChatCompletionsProvider(endpoint: endpoint, model: settings["AZURE_OPENAI_DEPLOYED_MODEL_NAME"] ?? "",
                                           authorization: auth, label: summary, client: http)
        }
    }
}
