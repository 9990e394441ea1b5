import A2AProtocol
import AgentKnowledge
import AgentExecutors
import AgentServer
import Foundation
import ModelProviders
import PromptTemplates
import Testing

/// A provider that records the request and streams fixed deltas (or fails): the executor seam.
final class RecordingProvider: ModelProvider, @unchecked Sendable {
    // @unchecked Sendable: `requests` is only touched while holding `lock`.
    let deltas: [String]
    let failure: (any Error)?
    private let lock = NSLock()
    private var requests: [ModelRequest] = []

    init(deltas: [String], failure: (any Error)? = nil) {
        self.deltas = deltas
        self.failure = failure
    }

    var description: String { "recording" }
    var recorded: [ModelRequest] { lock.withLock { requests } }

    func complete(_ request: ModelRequest) async throws -> String {
        lock.withLock { requests.append(request) }
        if let failure { throw failure }
        return deltas.joined()
    }

    func stream(_ request: ModelRequest) -> AsyncThrowingStream<String, any Error> {
        lock.withLock { requests.append(request) }
        let deltas = deltas
        let failure = failure
        return AsyncThrowingStream { continuation in
            for delta in deltas { continuation.yield(delta) }
            if let failure { continuation.finish(throwing: failure) } else { continuation.finish() }
        }
    }
}

/// The local knowledge executor and the model executor, through the task manager.
@Suite struct ExecutorTests {
    /// The repository's root, which holds `agents/` and `prompts/`.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let catalog = Result { try AgentCatalog(directory: Self.root.appendingPathComponent("agents")) }

    func hr() throws -> (AgentDefinition, KnowledgeBase) {
        let catalog = try Self.catalog.get()
        let definition = try #require(catalog.agent(id: "hr"))
        return (definition, try KnowledgeBase(definition: definition, agentsDirectory: catalog.directory))
    }

    func request(_ text: String) -> SendMessageRequest {
        SendMessageRequest(message: Message(messageId: UUID().uuidString, role: .user, parts: [.text(text)]))
    }

    @Test func knowledgeExecutorStreamsTheLocalAnswerInChunks() async throws {
        let (_, knowledge) = try hr()
        let executor = KnowledgeExecutor(knowledge: knowledge)
        let question = "How long is parental leave?"
        var chunks: [String] = []
        for try await chunk in executor.answer(question, context: AgentExecutionContext(
            taskId: "t", contextId: "c", message: Message(messageId: "m", role: .user, parts: [.text(question)]))) {
            chunks.append(chunk)
        }
        let expected = LocalAnswerer(knowledge: knowledge).answer(to: question)
        #expect(expected.isKnown)
        #expect(chunks.count > 1)
        #expect(chunks.joined() == expected.text)

        let manager = try TaskManager(executor: executor)
        let first = try await manager.send(request(question))
        let second = try await manager.send(request(question))
        #expect(first.artifacts?.first?.text == expected.text)
        #expect(second.artifacts?.first?.text == first.artifacts?.first?.text)  // deterministic
    }

    @Test func knowledgeExecutorIsHonestAboutUnknownQuestions() async throws {
        let (_, knowledge) = try hr()
        let manager = try TaskManager(executor: KnowledgeExecutor(knowledge: knowledge))
        let task = try await manager.send(request("What is the airspeed velocity of an unladen swallow?"))
        #expect(task.status.state == .completed)
        #expect(task.artifacts?.first?.text.lowercased().contains("don't have information") == true)
    }

    @Test func modelExecutorRendersThePersonaAndForwardsDeltas() async throws {
        let (definition, knowledge) = try hr()
        let provider = RecordingProvider(deltas: ["You get ", "20 days."])
        let prompts = PromptLibrary(directory: Self.root.appendingPathComponent("prompts"))
        let template = URL(fileURLWithPath: definition.personaPrompt).lastPathComponent
        let executor = ModelExecutor(provider: provider, prompts: prompts, knowledge: knowledge, personaTemplate: template)
        let manager = try TaskManager(executor: executor)
        let task = try await manager.send(request("How many vacation days do I get?"))
        #expect(task.status.state == .completed)
        #expect(task.artifacts?.first?.text == "You get 20 days.")
        let sent = try #require(provider.recorded.first)
        #expect(sent.messages.first?.role == .system)
        #expect(sent.messages.first?.content.contains("Handbook passages") == true)
        #expect(sent.messages.first?.content.contains("How many vacation days do I get?") == true)
        #expect(sent.messages.last == .user("How many vacation days do I get?"))
    }

    @Test func modelFailureFailsTheTaskWithAMessage() async throws {
        let (definition, knowledge) = try hr()
        let provider = RecordingProvider(deltas: ["partial "], failure: ProviderBoom())
        let prompts = PromptLibrary(directory: Self.root.appendingPathComponent("prompts"))
        let template = URL(fileURLWithPath: definition.personaPrompt).lastPathComponent
        let manager = try TaskManager(executor: ModelExecutor(
            provider: provider, prompts: prompts, knowledge: knowledge, personaTemplate: template))
        let task = try await manager.send(request("How many vacation days do I get?"))
        #expect(task.status.state == .failed)
        #expect(task.status.message?.text.contains("model unavailable") == true)
        // A missing template fails the task too, without calling the model.
        let missing = try TaskManager(executor: ModelExecutor(
            provider: provider, prompts: prompts, knowledge: knowledge, personaTemplate: "no_such_template"))
        let failed = try await missing.send(request("hi"))
        #expect(failed.status.state == .failed)
    }
}

/// Streams what another executor answers, so the task manager takes its streaming path.
private struct StreamingOnly: AgentExecutor {
    let inner: KnowledgeExecutor
    func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        inner.answer(question, context: context)
    }
}

/// The local model's answer recorded without a stream (`immediateAnswer`) gives the same task
/// and the same events as the streamed answer.
@Suite struct ImmediateAnswerTests {
    /// The events of one streamed send, with the ids that differ between runs left out.
    static func events(_ manager: TaskManager, _ question: String) async throws -> [String] {
        let feed = try await manager.stream(SendMessageRequest(message: Message(
            messageId: UUID().uuidString, role: .user, parts: [.text(question)])))
        var shapes: [String] = []
        for try await event in feed {
            switch event {
            case .task(let task): shapes.append("task \(task.status.state)")
            case .statusUpdate(let update): shapes.append("status \(update.status.state)")
            case .artifactUpdate(let update):
                shapes.append("chunk \(update.append ?? false) \(update.lastChunk ?? false) \(update.artifact.text)")
            case .message(let message): shapes.append("message \(message.text)")
            }
        }
        return shapes
    }

    @Test func immediateAndStreamedAnswersAreRecordedAlike() async throws {
        let catalog = try ExecutorTests.catalog.get()
        let definition = try #require(catalog.agent(id: "hr"))
        let knowledge = try KnowledgeBase(definition: definition, agentsDirectory: catalog.directory)
        let local = KnowledgeExecutor(knowledge: knowledge)
        let context = AgentExecutionContext(taskId: "t", contextId: "c", message: Message(messageId: "m", role: .user, parts: []))
        #expect(local.immediateAnswer("When is payday?", context: context)?.isEmpty == false)
        #expect(StreamingOnly(inner: local).immediateAnswer("When is payday?", context: context) == nil)

        let immediate = try TaskManager(executor: local)
        let streamed = try TaskManager(executor: StreamingOnly(inner: local))
        for question in ["When is payday?", "How long is parental leave?", "What is the airspeed of a swallow?"] {
            let fast = try await Self.events(immediate, question)
            #expect(fast.count > 3)
            #expect(fast == (try await Self.events(streamed, question)))
            let request = { SendMessageRequest(message: Message(messageId: UUID().uuidString, role: .user, parts: [.text(question)])) }
            let a = try await immediate.send(request())
            let b = try await streamed.send(request())
            #expect(a.status.state == b.status.state)
            #expect(a.artifacts?.map(\.text) == b.artifacts?.map(\.text))
            #expect(a.artifacts?.map(\.parts.count) == b.artifacts?.map(\.parts.count))
        }
    }
}

/// A provider's failure in the middle of an answer.
struct ProviderBoom: Error, CustomStringConvertible {
    var description: String { "model unavailable (HTTP 503)" }
}
