import AgentExecutors
import AgentKnowledge
import AgentServer
import Foundation
import ModelProviders
import PromptTemplates

/// Chooses the language model from the environment and `.env` (local when nothing is set).
enum ModelWiring {
    /// The configured provider, or nil for the built-in local model.
    /// - Throws: `ModelConfigurationError` naming the setting at fault.
    /// Its calls are timed (`ModelCallMetrics`, labelled with the provider's kind).
    static func provider() throws -> (any ModelProvider)? {
        let configuration = try ModelConfiguration.load()
        return configuration.makeProvider().map {
            MeteredModelProvider($0, metrics: ModelCallMetrics(provider: configuration.kind.rawValue))
        }
    }

    /// The executor of an agent: its knowledge by retrieval (local), or the configured model
    /// prompted with the agent's persona and most relevant knowledge.
    static func executor(for definition: AgentDefinition, knowledge: KnowledgeBase) throws -> any AgentExecutor {
        guard let provider = try provider() else { return KnowledgeExecutor(knowledge: knowledge) }
        let persona = URL(fileURLWithPath: definition.personaPrompt).lastPathComponent
        return ModelExecutor(provider: provider, prompts: try PromptLibrary.locateDefault(), knowledge: knowledge, personaTemplate: persona)
    }
}
