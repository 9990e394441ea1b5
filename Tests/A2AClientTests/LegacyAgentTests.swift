import A2AClient
import A2AProtocol
import AgentTesting
import Foundation
import HTTPServerCore
import Testing

/// The client's 0.3 fallback against a live agent built with the official a2a-sdk 0.3: its card
/// has only a top-level `url` and `protocolVersion: 0.3.0`, and it speaks the 0.3 wire. Runs when
/// `SWITCHBOARD_PYTHON_A2A03` names a Python with a2a-sdk 0.3 (`make python-deps` makes one).
@Suite("A2A client against a live 0.3 agent") struct LegacyAgentTests {
    static let python = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON_A2A03"].flatMap { $0.isEmpty ? nil : $0 }
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/legacy_agent_v03.py")

    /// Starts the Python agent, waits until its card is served, and always kills it.
    private func withLegacyAgent(_ body: (A2AClient) async throws -> Void) async throws {
        let port = try LoopbackPort.free()
        // Killed with SIGKILL when released: uvicorn's graceful stop would wait for the client's
        // idle keep-alive connections.
        let agent = try LaunchedProcess("0.3 agent", executable: URL(fileURLWithPath: try #require(Self.python)),
                                        arguments: [Self.script.path, String(port)])
        let ready = await eventually(timeout: .seconds(30), every: .milliseconds(50)) {
            guard agent.isRunning else { return true }
            return (try? await LoopbackHTTPClient.request(port: port, path: "/.well-known/agent-card.json", timeout: 2))?.status == 200
        }
        guard ready, agent.isRunning else {
            Issue.record("the 0.3 agent did not come up: \(agent.text)")
            return
        }
        try await body(A2AClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!))
        await agent.kill()
    }

    private func message(_ text: String) -> Message {
        Message(messageId: UUID().uuidString, role: .user, parts: [.text(text)])
    }

    @Test(.enabled(if: python != nil, "SWITCHBOARD_PYTHON_A2A03 is not set; run `make python-deps` and set it"))
    func sendsStreamsAndGetsOverTheV03Wire() async throws {
        try await withLegacyAgent { client in
            let card = try await client.fetchCard()
            #expect(card.name == "Legacy Echo")
            let interface = try A2AInterface.choose(from: card, baseURL: client.baseURL)
            #expect(interface.isV03, "chose \(interface.version) for a 0.3-only card")

            guard case .task(let task) = try await client.send(message("hello")) else {
                Issue.record("the 0.3 agent answered with a message, not a task")
                return
            }
            #expect(task.status.state == .completed)
            #expect(task.artifacts?.map(\.text).joined() == "0.3 echo: hello")

            var streamed = ""
            var finalState: TaskState?
            var taskID: String?
            for try await event in client.stream(message("streamed")) {
                switch event {
                case .artifactUpdate(let update):
                    streamed += update.artifact.text
                    taskID = update.taskId
                case .statusUpdate(let update): finalState = update.status.state
                case .task(let task): taskID = task.id
                case .message: break
                }
            }
            #expect(streamed == "0.3 echo: streamed")
            #expect(finalState == .completed)
            let fetched = try await client.getTask(id: try #require(taskID))
            #expect(fetched.status.state == .completed)
        }
    }
}
