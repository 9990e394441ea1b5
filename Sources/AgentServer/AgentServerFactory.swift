import A2AProtocol
import HTTPServerCore
import Logging

/// Starts agent servers: an HTTP server on `host:port` answering A2A with the given executor.
/// The coordinator picks the executor (local knowledge, OpenAI, Azure) and passes it in.
public enum AgentServerFactory {
    /// Binds and starts the server, then publishes a card with the real URL (port 0 picks one).
    /// - Throws: `HTTPServerError` when the address cannot be bound, `TaskDatabaseError` when the
    ///   tasks database cannot be opened.
    public static func start(
        identity: AgentIdentity, executor: any AgentExecutor, host: String = "127.0.0.1", port: Int,
        configuration: AgentServerConfiguration = .init(), http: HTTPServerConfiguration? = nil,
        logger: Logger = Logger(label: "switchboard.agent")
    ) throws -> RunningAgentServer {
        let manager = try TaskManager(executor: executor, configuration: configuration, logger: logger)
        let requiresToken = configuration.bearerToken != nil
        let provisional = AgentCardBuilder.card(
            name: identity.name, description: identity.description, version: identity.version,
            skills: identity.skills, baseURL: "http://\(host):\(port)", requiresBearerToken: requiresToken)
        let document = try AgentCardDocument(card: provisional, maxAge: configuration.cardMaxAgeSeconds,
                                              legacyFields: configuration.cardLegacyFields)
        let responder = A2AAgentResponder(manager: manager, card: document, configuration: configuration, logger: logger)
        var httpConfiguration = http ?? HTTPServerConfiguration()
        httpConfiguration.host = host
        httpConfiguration.port = port
        let server = HTTPServer(configuration: httpConfiguration, responder: responder, logger: logger)
        try server.start()
        let baseURL = "http://\(host.contains(":") ? "[\(host)]" : host):\(server.port)"
        try document.update(AgentCardBuilder.card(
            name: identity.name, description: identity.description, version: identity.version,
            skills: identity.skills, baseURL: baseURL, requiresBearerToken: requiresToken))
        return RunningAgentServer(server: server, responder: responder, baseURL: baseURL)
    }
}
