import A2AProtocol
import AgentKnowledge
import AgentServer
import DurableEngine
import HTTPServerCore
import Logging

/// The Router as an A2A agent, served from a worker process (`switchboard worker --a2a-port`):
/// any A2A client, or another router, can send it a question and get durable routing.
public enum RouterAgent {
    /// The card: one streaming skill, `route`, described by the agents it routes to.
    public static func identity(routingTo catalog: AgentCatalog) -> AgentIdentity {
        let agents = catalog.agents
        let names = agents.map(\.name).joined(separator: ", ")
        let skills = agents.flatMap(\.skills)
        var tags = ["routing"]
        for tag in skills.flatMap(\.tags) where !tags.contains(tag) { tags.append(tag) }
        let examples = agents.flatMap { agent in agent.skills.flatMap(\.examples).prefix(2) }
        let description = "Routes each question to the agent that should answer it (\(names)) and streams that "
            + "agent's answer. Every step is recorded in a durable history, so a crash or an agent that is down costs "
            + "a retry, not the question."
        return AgentIdentity(
            name: "Router", description: description, version: "1.0.0",
            skills: [AgentCard.Skill(
                id: "route", name: "Route a question",
                description: "Answers questions about: " + agents.map { "\($0.name): \($0.description)" }.joined(separator: " "),
                tags: tags, examples: examples.isEmpty ? nil : Array(examples))])
    }

    /// Starts the Router agent's A2A server on `host:port`, starting runs through `client`. Its
    /// tasks are the runs: a task ID is a workflow ID, and a task not in the server's memory is
    /// read from the history (`RouterTaskSource`).
    /// - Throws: `HTTPServerError` when the address cannot be bound.
    public static func start(
        client: WorkflowClient, catalog: AgentCatalog, defaultAgentID: String = "faq", host: String = "127.0.0.1",
        port: Int, configuration: AgentServerConfiguration = .init(), logger: Logger = Logger(label: "switchboard.router")
    ) throws -> RunningAgentServer {
        var configuration = configuration
        configuration.externalTasks = RouterTaskSource(client: client)
        return try AgentServerFactory.start(
            identity: identity(routingTo: catalog), executor: RouterExecutor(client: client, defaultAgentID: defaultAgentID),
            host: host, port: port, configuration: configuration, logger: logger)
    }
}
