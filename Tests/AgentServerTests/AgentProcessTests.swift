import A2AProtocol
import AgentTesting
import Foundation
import HTTPServerCore
import Testing

/// End to end: the real `switchboard agent hr` process on a free loopback port.
/// Build it first: `swift build --scratch-path .build-agent --product switchboard`.
@Suite struct AgentProcessTests {
    /// The `switchboard` binary next to the test bundle.
    static var binary: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0])
        var directory = bundle.deletingLastPathComponent()
        if bundle.path.contains(".xctest/") {  // inside a bundle directory
            while directory.pathExtension != "xctest", directory.path != "/" { directory.deleteLastPathComponent() }
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("switchboard")
    }

    /// Repository root (this file is Tests/AgentServerTests/…).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func freePort() throws -> Int { try LoopbackPort.free() }

    /// Starts `switchboard agent …` and waits until its card answers.
    static func launch(_ arguments: [String], port: Int, environment: [String: String] = [:]) async throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["agent"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.currentDirectoryURL = root
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, process.isRunning {
            if let card = try? await LoopbackHTTPClient.request(port: port, path: "/.well-known/agent-card.json", timeout: 2),
               card.status == 200 {
                return (process, stderr)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        let output = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        throw LoopbackError("the agent did not become ready: \(output)")
    }

    static func stop(_ process: Process) -> Int32 {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func hrAgentAnswersAndStopsCleanly() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("build the binary first: swift build --scratch-path .build-agent --product switchboard (looked at \(Self.binary.path))")
            return
        }
        let port = try Self.freePort()
        let (process, stderr) = try await Self.launch(["hr", "--port", String(port)], port: port,
                                                      environment: ["SWITCHBOARD_MODEL": "local"])
        var stopped = false
        defer { if !stopped { _ = Self.stop(process) } }

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

        stopped = true
        #expect(Self.stop(process) == 0)
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("hr agent listening on http://127.0.0.1:\(port)"))
        #expect(!log.contains("vacation days"))  // no question text in the logs
    }

    @Test func unknownAgentIsAClearError() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("build the binary first: swift build --scratch-path .build-agent --product switchboard")
            return
        }
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["agent", "nosuch"]
        process.currentDirectoryURL = Self.root
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let output = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(output.contains("nosuch"))
        #expect(output.contains("hr"))
        #expect(output.contains("faq"))
    }

    @Test func tokenAndTasksDatabaseSurviveARestart() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.binary.path) else {
            Issue.record("build the binary first: swift build --scratch-path .build-agent --product switchboard")
            return
        }
        let database = TestDirectory.make("agent-e2e").appendingPathComponent("tasks.db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database + suffix) } }
        let port = try Self.freePort()
        let arguments = ["faq", "--port", String(port), "--tasks-db", database]
        let environment = ["SWITCHBOARD_AGENT_TOKEN": "e2e-token"]
        let auth = [("A2A-Version", "1.0"), ("Content-Type", "application/json"), ("Authorization", "Bearer e2e-token")]
        let body = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"e2e-faq","role":"ROLE_USER","parts":[{"text":"What is the Wi-Fi password for guests?"}]}}}"#

        var (process, _) = try await Self.launch(arguments, port: port, environment: environment)
        var running = true
        defer { if running { _ = Self.stop(process) } }
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
        #expect(Self.stop(process) == 0)
        running = false

        (process, _) = try await Self.launch(arguments, port: port, environment: environment)
        running = true
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
    }
}
