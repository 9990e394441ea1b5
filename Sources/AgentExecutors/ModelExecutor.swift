import AgentKnowledge
import AgentServer
import ModelProviders
import PromptTemplates

/// Answers with a language model: renders the agent's persona prompt with the best knowledge
/// passages and the question, then forwards the provider's streamed deltas.
public struct ModelExecutor: AgentExecutor {
    let provider: any ModelProvider
    let prompts: PromptLibrary
    let knowledge: KnowledgeBase
    let personaTemplate: String
    let passageLimit: Int

    public init(provider: any ModelProvider, prompts: PromptLibrary, knowledge: KnowledgeBase, personaTemplate: String,
                passageLimit: Int = 4) {
        self.provider = provider
        self.prompts = prompts
        self.knowledge = knowledge
        self.personaTemplate = personaTemplate
        self.passageLimit = passageLimit
    }

    /// The model request for `question`: the rendered persona prompt, then the question.
    /// - Throws: when the template is missing or uses a variable that is not provided.
    public func request(for question: String) throws -> ModelRequest {
        let passages = knowledge.search(question, limit: passageLimit).map {
            ["title": $0.title, "text": $0.text, "source": $0.source]
        }
        let system = try prompts.render(personaTemplate, context: ["passages": passages, "question": question])
        return ModelRequest(messages: [.system(system), .user(question)])
    }

    public func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        let request: ModelRequest
        do {
            request = try self.request(for: question)
        } catch {
            return AsyncThrowingStream { $0.finish(throwing: error) }
        }
        return provider.stream(request)
    }
}
