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
    /// `--agent-url` flags) over `SWITCHBOARD_AGENT_URLS`.
    /// - Throws: when `agents/` or `prompts/` cannot be found or read, or an agent URL is malformed.
    public static func activities(agentURLs: [String], model: (any ModelProvider)?) throws -> ActivityRegistry {
        let catalog = try AgentCatalog.locateDefault()
        let prompts = try PromptLibrary.locateDefault()
        let flags = try AgentEndpoints(parsing: agentURLs.joined(separator: ","), source: "--agent-url")
        let endpoints = try AgentEndpoints.fromEnvironment().merging(flags)
        let registry = ActivityRegistry()
        try RoutingActivities(catalog: catalog, prompts: prompts, model: model, endpoints: endpoints,
                              caller: A2AAgentCaller()).register(in: registry)
        return registry
    }
}
