import A2AProtocol

/// Builds the pure 1.0 card of an agent served by this server.
public enum AgentCardBuilder {
    /// A card whose interfaces (JSON-RPC first, then HTTP+JSON) point at `baseURL`, e.g.
    /// `http://127.0.0.1:9101`. With `bearerToken` the card declares the `bearer` scheme.
    public static func card(
        name: String, description: String, version: String, skills: [AgentCard.Skill], baseURL: String,
        requiresBearerToken: Bool
    ) -> AgentCard {
        let url = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        return AgentCard(
            name: name, description: description,
            supportedInterfaces: [
                AgentCard.Interface(url: url + "/", protocolBinding: "JSONRPC", protocolVersion: A2AVersion.current),
                AgentCard.Interface(url: url, protocolBinding: "HTTP+JSON", protocolVersion: A2AVersion.current),
            ],
            version: version,
            capabilities: AgentCard.Capabilities(streaming: true, pushNotifications: false, extendedAgentCard: false),
            securitySchemes: requiresBearerToken ? ["bearer": .bearer] : nil,
            securityRequirements: requiresBearerToken ? [SecurityRequirement(schemes: ["bearer": .init()])] : nil,
            defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
            skills: skills)
    }
}
