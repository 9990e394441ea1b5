import A2AProtocol
import AgentKnowledge
import DurableEngine
import Foundation
import ModelProviders
import PromptTemplates

/// Wires the routing workflows and activities from the project's files and settings.
public enum RoutingSetup {
    /// The workflows a worker runs.
    public static var workflows: [any WorkflowDefinition] { [RoutingWorkflow(), SimpleWorkflow()] }

    /// The activities, with agents from `agents/`, prompts from `prompts/`, `model` (nil for
    /// the built-in local model), and agent URLs from `agentURLs` (`id=URL`, the CLI's
    /// `--agent-url` flags) over `SWITCHBOARD_AGENT_URLS`; an agent with several URLs is called at
    /// each in turn, failing over when one is down.
    /// Each agent's bearer token comes from the variables its definition names (`tokenVariables`).
    /// - Throws: when `agents/` or `prompts/` cannot be found or read, an agent URL is malformed,
    ///   or a token variable is set but empty or malformed.
    public static func activities(agentURLs: [String], model: (any ModelProvider)?,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ActivityRegistry {
        let catalog = try AgentCatalog.locateDefault()
        let prompts = try PromptLibrary.locateDefault()
        let flags = try AgentEndpoints(flags: agentURLs)
        let endpoints = try AgentEndpoints.fromEnvironment(environment).merging(flags)
        let registry = ActivityRegistry()
        try RoutingActivities(catalog: catalog, prompts: prompts, model: model, endpoints: endpoints,
                              caller: A2AAgentCaller(bearerTokens: bearerTokens(catalog, endpoints, environment),
                                                      replicaLists: endpoints.replicaLists))
            .register(in: registry)
        return registry
    }

    /// The token of every agent that has one, by each URL the router calls it at.
    static func bearerTokens(_ catalog: AgentCatalog, _ endpoints: AgentEndpoints,
                             _ environment: [String: String]) throws -> [String: String] {
        var tokens: [String: String] = [:]
        for definition in catalog.agents {
            if let token = try BearerToken.resolve(option: nil, file: nil, variables: definition.tokenVariables, environment: environment) {
                for url in endpoints.urls(forAgent: definition.id, port: definition.port) { tokens[url] = token }
            }
        }
        return tokens
    }
}
