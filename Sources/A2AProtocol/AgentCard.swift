import JSONBytes

/// The agent's self-description (pure 1.0 shape), served at `/.well-known/agent-card.json`.
public struct AgentCard: Sendable, Hashable, Codable {
    /// Where and how to reach the agent; the first entry is preferred.
    public struct Interface: Sendable, Hashable, Codable {
        public var url: String
        /// `JSONRPC`, `HTTP+JSON`, `GRPC` or a URI.
        public var protocolBinding: String
        public var protocolVersion: String?
        public var tenant: String?

        public init(url: String, protocolBinding: String, protocolVersion: String? = "1.0", tenant: String? = nil) {
            self.url = url
            self.protocolBinding = protocolBinding
            self.protocolVersion = protocolVersion
            self.tenant = tenant
        }
    }

    /// The organisation behind the agent.
    public struct Provider: Sendable, Hashable, Codable {
        public var url: String
        public var organization: String

        public init(url: String, organization: String) {
            self.url = url
            self.organization = organization
        }
    }

    /// Optional features the agent supports.
    public struct Capabilities: Sendable, Hashable, Codable {
        public var streaming: Bool?
        public var pushNotifications: Bool?
        public var extensions: [JSONValue]?
        public var extendedAgentCard: Bool?

        public init(
            streaming: Bool? = nil, pushNotifications: Bool? = nil, extensions: [JSONValue]? = nil,
            extendedAgentCard: Bool? = nil
        ) {
            self.streaming = streaming
            self.pushNotifications = pushNotifications
            self.extensions = extensions
            self.extendedAgentCard = extendedAgentCard
        }
    }

    /// Something the agent can do, with tags and example prompts.
    public struct Skill: Sendable, Hashable, Codable {
        public var id: String
        public var name: String
        public var description: String
        public var tags: [String]
        public var examples: [String]?
        public var inputModes: [String]?
        public var outputModes: [String]?
        public var securityRequirements: [SecurityRequirement]?

        public init(
            id: String, name: String, description: String, tags: [String], examples: [String]? = nil,
            inputModes: [String]? = nil, outputModes: [String]? = nil,
            securityRequirements: [SecurityRequirement]? = nil
        ) {
            self.id = id
            self.name = name
            self.description = description
            self.tags = tags
            self.examples = examples
            self.inputModes = inputModes
            self.outputModes = outputModes
            self.securityRequirements = securityRequirements
        }
    }

    public var name: String
    public var description: String
    public var supportedInterfaces: [Interface]
    public var provider: Provider?
    public var version: String
    public var documentationUrl: String?
    public var iconUrl: String?
    public var capabilities: Capabilities
    public var securitySchemes: [String: SecurityScheme]?
    public var securityRequirements: [SecurityRequirement]?
    public var defaultInputModes: [String]
    public var defaultOutputModes: [String]
    public var skills: [Skill]
    public var signatures: [JSONValue]?

    public init(
        name: String, description: String, supportedInterfaces: [Interface], provider: Provider? = nil,
        version: String, documentationUrl: String? = nil, iconUrl: String? = nil, capabilities: Capabilities,
        securitySchemes: [String: SecurityScheme]? = nil, securityRequirements: [SecurityRequirement]? = nil,
        defaultInputModes: [String] = ["text/plain"], defaultOutputModes: [String] = ["text/plain"],
        skills: [Skill], signatures: [JSONValue]? = nil
    ) {
        self.name = name
        self.description = description
        self.supportedInterfaces = supportedInterfaces
        self.provider = provider
        self.version = version
        self.documentationUrl = documentationUrl
        self.iconUrl = iconUrl
        self.capabilities = capabilities
        self.securitySchemes = securitySchemes
        self.securityRequirements = securityRequirements
        self.defaultInputModes = defaultInputModes
        self.defaultOutputModes = defaultOutputModes
        self.skills = skills
        self.signatures = signatures
    }
}
