import A2AProtocol
import AgentTesting
import Foundation
import HTTPServerCore
import Testing

/// End to end: the real `switchboard agent hr` process on a free loopback port.
/// `swift build --build-tests` (or `swift test`) builds it next to the tests.
@Suite struct AgentProcessTests {
    /// The `switchboard` binary next to the test bundle.
    static var binary: URL { BuiltExecutable.url("switchboard") }

    /// Repository root (this file is Tests/AgentServerTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func freePort() throws -> Int { try LoopbackPort.free() }

    /// Starts `switchboard agent …` and waits until its card answers.
    static func launch(_ arguments: [String], port: Int, environment: [String: String] = [:]) async throws -> LaunchedProcess {
        let process = try LaunchedProcess("agent", executable: binary, arguments: ["agent"] + arguments,
                                          environment: environment, directory: root)
        let ready = await eventually(timeout: .seconds(30), every: .milliseconds(50)) {
            guard process.isRunning else { return true }
            return (try? await LoopbackHTTPClient.request(port: port, path: "/.well-known/agent-card.json", timeout: 2))?.status == 200
        }
        guard ready, process.isRunning else {
            await process.stop()
            throw LoopbackError("the agent did not become ready: \(process.text)")
        }
        return process
    }

    @Test func hrAgentAnswersAndStopsCleanly() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("build the binary first: swift build --product switchboard (looked at \(Self.binary.path))")
            return
        }
        let port = try Self.freePort()
        let process = try await Self.launch(["hr", "--port", String(port)], port: port, environment: ["SWITCHBOARD_MODEL": "local"])

        let card = try await LoopbackHTTPClient.request(port: port, path: "/.well-known/agent-card.json")
        let decoded = try A2AJSON.decode(AgentCard.self, from: card.body)
        #expect(decoded.supportedInterfaces.first?.url == "http://127.0.0.1:\(port)/")
        #expect(!decoded.skills.isEmpty)
        #expect(decoded.skills.allSatisfy { !$0.tags.isEmpty })

        let body = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"e2e-1","role":"ROLE_USER","parts":[{"text":"How many vacation days do I get per year?"}]}}}"#
        let sent = try await LoopbackHTTPClient.request(
            port: port, method: "POST", path: "/", headers: [("A2A-Version", "1.0"), ("Content-Type", "application/json")],
            body: Array(body.utf8))
        let response = try A2AJSON.decode(JSONRPCResponse<SendMessageResponse>.self, from: sent.body)
        guard case .task(let task) = try response.get() else { Issue.record("expected a task"); return }
        #expect(task.status.state == .completed)
        let answer = task.artifacts?.first?.text ?? ""
        #expect(!answer.isEmpty)
        #expect(answer.lowercased().contains("vacation") || answer.lowercased().contains("pto") || answer.lowercased().contains("days"))

        // The local model makes no HTTP request, so the agent never opens libcurl and the
        // libraries it pulls in (they were a fifth of its idle memory).
        // Read to the end: /proc files report a size of 0.
        let mapsFile = FileHandle(forReadingAtPath: "/proc/\(process.processIdentifier)/maps")
        let maps = String(decoding: mapsFile?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        #expect(maps.contains("libswiftCore"), "could not read the agent's memory map")
        #expect(!maps.contains("libcurl"), "the agent loaded libcurl")

        #expect(await process.stop() == 0)
        let log = process.text
        #expect(log.contains("hr agent listening on http://127.0.0.1:\(port)"))
        #expect(!log.contains("vacation days"))  // no question text in the logs
    }

    @Test func unknownAgentIsAClearError() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("build the binary first: swift build --product switchboard")
            return
        }
        let process = try LaunchedProcess("agent nosuch", executable: Self.binary, arguments: ["agent", "nosuch"], directory: Self.root)
        #expect(try await process.exitStatus() != 0)
        let output = process.text
        #expect(output.contains("nosuch"))
        #expect(output.contains("hr"))
        #expect(output.contains("faq"))
    }

    @Test func tokenAndTasksDatabaseSurviveARestart() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("build the binary first: swift build --product switchboard")
            return
        }
        let database = TestDirectory.make("agent-e2e").appendingPathComponent("tasks.db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let port = try Self.freePort()
        let arguments = ["faq", "--port", String(port), "--tasks-db", database]
        let environment = ["SWITCHBOARD_AGENT_TOKEN": "e2e-token"]
        let auth = [("A2A-Version", "1.0"), ("Content-Type", "application/json"), ("Authorization", "Bearer e2e-token")]
        let body = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"e2e-faq","role":"ROLE_USER","parts":[{"text":"What is the Wi-Fi password for guests?"}]}}}"#

        let first = try await Self.launch(arguments, port: port, environment: environment)
        let denied = try await LoopbackHTTPClient.request(
            port: port, method: "POST", path: "/", headers: Array(auth.prefix(2)), body: Array(body.utf8))
        #expect(denied.status == 401)
        #expect(denied.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        let card = try await LoopbackHTTPClient.request(port: port, path: "/.well-known/agent-card.json")
        #expect(card.status == 200)
        #expect(card.text.contains("httpAuthSecurityScheme"))
        let sent = try await LoopbackHTTPClient.request(port: port, method: "POST", path: "/", headers: auth, body: Array(body.utf8))
        guard case .task(let task) = try A2AJSON.decode(JSONRPCResponse<SendMessageResponse>.self, from: sent.body).get() else {
            Issue.record("expected a task: \(sent.text)")
            return
        }
        #expect(await first.stop() == 0)

        let second = try await Self.launch(arguments, port: port, environment: environment)
        let get = #"{"jsonrpc":"2.0","id":2,"method":"GetTask","params":{"id":"\#(task.id)"}}"#
        let got = try await LoopbackHTTPClient.request(port: port, method: "POST", path: "/", headers: auth, body: Array(get.utf8))
        let reloaded = try A2AJSON.decode(JSONRPCResponse<A2ATask>.self, from: got.body).get()
        #expect(reloaded == task)
        // The same message id after the restart returns the stored task.
        let again = try await LoopbackHTTPClient.request(port: port, method: "POST", path: "/", headers: auth, body: Array(body.utf8))
        guard case .task(let same) = try A2AJSON.decode(JSONRPCResponse<SendMessageResponse>.self, from: again.body).get() else {
            Issue.record("expected a task")
            return
        }
        #expect(same.id == task.id)
        withExtendedLifetime(second) {}
    }
}
