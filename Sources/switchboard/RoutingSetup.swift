import AgentKnowledge
import DurableEngine
import Foundation
import HTTPClient
import PromptTemplates
import RoutingWorkflow

/// Wires the routing workflows and activities from the project's files and settings.
enum RoutingSetup {
    /// The workflows a worker runs.
    static var workflows: [any WorkflowDefinition] { [RoutingWorkflow(), SimpleWorkflow()] }

    /// The activities, with agents from `agents/`, prompts from `prompts/`, the configured model,
    /// and agent URLs from `--agent-url` flags over `SWITCHBOARD_AGENT_URLS`.
    static func activities(agentURLs: [String]) throws -> ActivityRegistry {
        let catalog = try AgentCatalog.locateDefault()
        let prompts = try PromptLibrary.locateDefault()
        let flags = try AgentEndpoints(parsing: agentURLs.joined(separator: ","), source: "--agent-url")
        let endpoints = try AgentEndpoints.fromEnvironment().merging(flags)
        let registry = ActivityRegistry()
        try RoutingActivities(catalog: catalog, prompts: prompts, model: try ModelWiring.provider(), endpoints: endpoints,
                              caller: A2AAgentCaller()).register(in: registry)
        return registry
    }
}
