import A2AClient
import A2AProtocol
import AgentExecutors
import AgentKnowledge
import AgentServer
import Foundation
import HTTPClient
import Testing

/// The A2A client against the real agent server on loopback.
@Suite("A2A client") struct A2AClientTests {
    static let agents = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("agents")

    private func withAgent(_ body: (A2AClient) async throws -> Void) async throws {
        let catalog = try AgentCatalog(directory: Self.agents)
        let definition = try #require(catalog.agent(id: "hr"))
        let knowledge = try KnowledgeBase(definition: definition, agentsDirectory: catalog.directory)
        let server = try AgentServerFactory.start(definition: definition, executor: KnowledgeExecutor(knowledge: knowledge), port: 0)
        do {
            try await body(A2AClient(baseURL: URL(string: server.baseURL)!))
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    private func message(_ text: String, id: String = UUID().uuidString) -> Message {
        Message(messageId: id, role: .user, parts: [Part(.text(text))])
    }

    @Test func readsTheCardAndPicksTheJSONRPCInterface() async throws {
        try await withAgent { client in
            let card = try await client.fetchCard()
            #expect(card.name == "HR Agent")
            let interface = try A2AInterface.choose(from: card, baseURL: client.baseURL)
            #expect(interface.version == "1.0" && !interface.isV03)
        }
    }

    @Test func sendsStreamsGetsAndCancels() async throws {
        try await withAgent { client in
            guard case .task(let task) = try await client.send(message("How many sick days do I get?")) else {
                Issue.record("expected a task")
                return
            }
            #expect(task.status.state == .completed)
            #expect(task.artifacts?.flatMap(\.parts).compactMap(\.text).joined().contains("10 days") == true)
            let fetched = try await client.getTask(id: task.id)
            #expect(fetched.id == task.id)

            var pieces: [String] = []
            var states: [TaskState] = []
            for try await event in client.stream(message("How long is parental leave?")) {
                if case .artifactUpdate(let update) = event { pieces += update.artifact.parts.compactMap(\.text) }
                if let state = event.state { states.append(state) }
            }
            #expect(pieces.count > 1)
            #expect(pieces.joined().contains("16 weeks"))
            #expect(states.last == .completed)

            let error = await #expect(throws: A2AClientError.self) { try await client.cancelTask(id: task.id) }
            if case .protocolError(let a2a)? = error { #expect(a2a.code == -32002) } else { Issue.record("expected -32002, got \(String(describing: error))") }
            #expect(error?.isRetryable == false)
        }
    }

    @Test func anUnknownTaskIsANonRetryableProtocolError() async throws {
        try await withAgent { client in
            let error = await #expect(throws: A2AClientError.self) { try await client.getTask(id: "no-such-task") }
            #expect(error?.isRetryable == false)
        }
    }

    @Test func anAgentThatIsDownIsARetryableTransportError() async throws {
        let client = A2AClient(baseURL: URL(string: "http://127.0.0.1:1")!)
        let error = await #expect(throws: A2AClientError.self) { try await client.fetchCard() }
        #expect(error?.isRetryable == true)
    }

    @Test func aCardWithOnlyA03InterfaceSelectsThe03Wire() throws {
        let card = AgentCard(
            name: "legacy", description: "d",
            supportedInterfaces: [AgentCard.Interface(url: "http://127.0.0.1:9/rpc", protocolBinding: "JSONRPC", protocolVersion: "0.3.0")],
            version: "1", capabilities: AgentCard.Capabilities(streaming: true, pushNotifications: false, extendedAgentCard: false),
            securitySchemes: nil, securityRequirements: nil, defaultInputModes: ["text/plain"], defaultOutputModes: ["text/plain"],
            skills: [])
        let interface = try A2AInterface.choose(from: card, baseURL: URL(string: "http://127.0.0.1:9")!)
        #expect(interface.isV03)
        #expect(interface.url.absoluteString == "http://127.0.0.1:9/rpc")
    }
}
