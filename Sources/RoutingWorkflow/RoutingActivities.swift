import A2AProtocol
import AgentKnowledge
import DurableEngine
import Foundation
import ModelProviders
import PromptTemplates

/// The side effects of the routing workflows: discover agents, render the classifier prompt,
/// classify, call the chosen agent, translate. Register them on a worker with `register(in:)`.
public struct RoutingActivities: Sendable {
    public let catalog: AgentCatalog
    public let prompts: PromptLibrary
    /// The configured language model; nil means the built-in local model.
    public let model: (any ModelProvider)?
    public let endpoints: AgentEndpoints
    public let caller: any AgentCalling
    let classifier: LocalClassifier
    let promptCache = ClassifierPromptCache()
    let cards = AgentCardCache()

    public init(catalog: AgentCatalog, prompts: PromptLibrary, model: (any ModelProvider)?, endpoints: AgentEndpoints,
                caller: any AgentCalling) throws {
        self.catalog = catalog
        self.prompts = prompts
        self.model = model
        self.endpoints = endpoints
        self.caller = caller
        classifier = try LocalClassifier(catalog: catalog)
    }

    /// Registers every routing activity under its `RoutingActivityName`.
    public func register(in registry: ActivityRegistry) {
        registry.register(RoutingActivityName.discoverAgents) { (_: DiscoverAgentsInput, _: ActivityContext) in
            await self.discoverAgents()
        }
        registry.register(RoutingActivityName.renderClassifierPrompt) { (input: ClassifierPromptInput, _: ActivityContext) in
            try self.renderClassifierPrompt(input)
        }
        registry.register(RoutingActivityName.classify) { (input: ClassifyInput, _: ActivityContext) in
            try await RoutingErrors.classified { try await self.classify(input) }
        }
        registry.register(RoutingActivityName.callAgent) { (input: AgentCallInput, context: ActivityContext) in
            try await RoutingErrors.classified(agent: input.agentID) { try await self.callAgent(input, context: context) }
        }
        registry.register(RoutingActivityName.translate) { (text: String, _: ActivityContext) in
            try await RoutingErrors.classified { try await self.translate(text) }
        }
    }

    /// Every agent under `agents/`, described by its live card (`AgentCardCache` keeps one for a
    /// second), or by its definition while it is down.
    func discoverAgents() async -> [DiscoveredAgent] {
        // Every card at once (or kept from a discovery less than a second ago); the list keeps
        // the catalog's order.
        let (caller, cards) = (self.caller, self.cards)
        let fetched = await withTaskGroup(of: (Int, AgentCard?).self) { group in
            for (index, definition) in catalog.agents.enumerated() {
                let url = endpoints.url(forAgent: definition.id, port: definition.port)
                group.addTask { (index, await cards.card(at: url) { try await caller.fetchCard(baseURL: url) }) }
            }
            var found = [AgentCard?](repeating: nil, count: catalog.agents.count)
            for await (index, card) in group { found[index] = card }
            return found
        }
        var agents: [DiscoveredAgent] = []
        for (definition, card) in zip(catalog.agents, fetched) {
            let url = endpoints.url(forAgent: definition.id, port: definition.port)
            if let card {
                agents.append(DiscoveredAgent(
                    id: definition.id, name: card.name, description: card.description, url: url,
                    skills: card.skills.map { .init(name: $0.name, description: $0.description, tags: $0.tags, examples: $0.examples ?? []) },
                    reachable: true))
            } else {
                agents.append(DiscoveredAgent(
                    id: definition.id, name: definition.name, description: definition.description, url: url,
                    skills: definition.skills.map { .init(name: $0.name, description: $0.description, tags: $0.tags, examples: $0.examples) },
                    reachable: false))
            }
        }
        return agents
    }

    /// Renders `classify.jinja2`. The text around the question is kept (`ClassifierPromptCache`)
    /// while the agents and the template stay the same, so a routed question costs no render.
    func renderClassifierPrompt(_ input: ClassifierPromptInput) throws -> String {
        let template = "classify.jinja2"
        let version = prompts.version(of: template)
        if let version, let prompt = promptCache.prompt(for: input.question, agents: input.agents, version: version) {
            return prompt
        }
        let agents: [[String: Any]] = input.agents.map { agent in
            ["id": agent.id, "name": agent.name, "description": agent.description,
             "skills": agent.skills.map { ["name": $0.name, "description": $0.description, "tags": $0.tags, "examples": $0.examples] }]
        }
        do {
            if let version, let parts = try prompts.render(template, context: ["agents": agents], around: "question") {
                promptCache.keep(before: parts.before, after: parts.after, agents: input.agents, version: version)
                return parts.before + input.question + parts.after
            }
            return try prompts.render(template, context: ["agents": agents, "question": input.question])
        } catch {
            throw ApplicationError(type: "PromptError", message: "\(error)", nonRetryable: true)
        }
    }

    func classify(_ input: ClassifyInput) async throws -> ClassifierVerdict {
        guard let model else {
            let result = classifier.classify(input.question)
            let known = input.agentIDs.contains(result.agentID) && result.confidence > 0
            return ClassifierVerdict(label: result.agentID, agentID: known ? result.agentID : nil, model: "local")
        }
        let output = try await model.complete(ModelRequest(messages: [.user(input.prompt)], temperature: 0, maxOutputTokens: 20))
        return ClassifierVerdict(label: output.trimmingCharacters(in: .whitespacesAndNewlines),
                                 agentID: LocalClassifier.parseLabel(output, knownIDs: input.agentIDs), model: model.description)
    }

    func callAgent(_ input: AgentCallInput, context: ActivityContext) async throws -> AgentReply {
        let progress = ChunkCounter()
        return try await caller.streamAnswer(baseURL: input.url, question: input.question, messageID: input.messageID) { soFar in
            context.heartbeat(progress.next())
            context.publish(soFar)   // `route` and other live watchers show the answer as it grows
        }
    }

    func translate(_ text: String) async throws -> String {
        guard let model else {
            throw ApplicationError(
                type: "ModelNotConfigured",
                message: "translation needs a language model, and the local model cannot translate. Set SWITCHBOARD_MODEL=openai "
                    + "with OPENAI_API_KEY (and OPENAI_BASE_URL, OPENAI_MODEL for a compatible server), or SWITCHBOARD_MODEL=azure "
                    + "with AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_VERSION, AZURE_OPENAI_DEPLOYED_MODEL_NAME and AZURE_OPENAI_API_KEY",
                nonRetryable: true)
        }
        let prompt: String
        do {
            prompt = try prompts.render("simple.jinja2", context: ["input": text])
        } catch {
            throw ApplicationError(type: "PromptError", message: "\(error)", nonRetryable: true)
        }
        return try await model.complete(ModelRequest(messages: [.user(prompt)]))
    }
}
