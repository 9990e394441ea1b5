import A2AProtocol
import AgentKnowledge
import AgentServer
import HTTPServerCore
import Logging

extension AgentServerFactory {
    /// Starts the server of an agent described in `agents/` (name, description, skills with tags
    /// and examples go into the card).
    public static func start(
        definition: AgentDefinition, executor: any AgentExecutor, host: String = "127.0.0.1", port: Int? = nil,
        configuration: AgentServerConfiguration = .init(), http: HTTPServerConfiguration? = nil,
        logger: Logger = Logger(label: "switchboard.agent")
    ) throws -> RunningAgentServer {
        try start(identity: identity(of: definition), executor: executor, host: host, port: port ?? definition.port,
                  configuration: configuration, http: http, logger: logger)
    }

    /// The card identity of a definition.
    public static func identity(of definition: AgentDefinition) -> AgentIdentity {
        AgentIdentity(
            name: definition.name, description: definition.description, version: definition.version,
            skills: definition.skills.map {
                AgentCard.Skill(id: $0.id, name: $0.name, description: $0.description, tags: $0.tags,
                                examples: $0.examples.isEmpty ? nil : $0.examples)
            })
    }
}
