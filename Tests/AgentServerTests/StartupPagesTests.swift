import A2AProtocol
import AgentTesting
import Foundation
import Testing

/// End to end: a real agent gives back the read-only pages start-up touched, and goes on
/// answering from code it maps back in on demand.
@Suite struct StartupPagesTests {
    /// Starts `switchboard agent hr` and returns once it has printed its "listening" line, which
    /// comes after start-up's pages are released.
    private static func launchSettled(port: Int, keepStartupPages: Bool) async throws -> LaunchedProcess {
        let process = try await AgentProcessTests.launch(
            ["hr", "--port", String(port)], port: port,
            environment: ["SWITCHBOARD_MODEL": "local", "SWITCHBOARD_KEEP_STARTUP_PAGES": keepStartupPages ? "1" : "0"])
        try await process.waitFor("listening on")
        return process
    }

    /// Kilobytes of `key` (e.g. `RssFile`) in `/proc/<pid>/status`.
    private static func status(_ key: String, of process: LaunchedProcess) -> Int {
        let file = FileHandle(forReadingAtPath: "/proc/\(process.processIdentifier)/status")
        let text = String(decoding: file?.readDataToEndOfFile() ?? Data(), as: UTF8.self)
        let line = text.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    @Test func startupPagesAreReleasedAndTheAgentStillAnswers() async throws {
        guard FileManager.default.isExecutableFile(atPath: AgentProcessTests.binary.path) else {
            Issue.record("build the binary first: swift build --product switchboard")
            return
        }
        let releasedPort = try AgentProcessTests.freePort()
        let released = try await Self.launchSettled(port: releasedPort, keepStartupPages: false)
        let keptPort = try AgentProcessTests.freePort()
        let kept = try await Self.launchSettled(port: keptPort, keepStartupPages: true)

        // Both have served the same one card request; the mapped file pages differ by what
        // start-up alone touched (in a debug build about 13 MB against 27).
        let releasedFiles = Self.status("RssFile", of: released)
        let keptFiles = Self.status("RssFile", of: kept)
        #expect(keptFiles > 0, "could not read the agents' /proc status")
        #expect(Double(releasedFiles) < Double(keptFiles) * 0.75, "released \(releasedFiles) kB, kept \(keptFiles) kB")

        for (index, question) in ["How many vacation days do I get per year?", "When is payday?"].enumerated() {
            let body = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"pages-\#(index)","role":"ROLE_USER","parts":[{"text":"\#(question)"}]}}}"#
            let sent = try await LoopbackHTTPClient.request(
                port: releasedPort, method: "POST", path: "/",
                headers: [("A2A-Version", "1.0"), ("Content-Type", "application/json")], body: Array(body.utf8))
            guard case .task(let task) = try A2AJSON.decode(JSONRPCResponse<SendMessageResponse>.self, from: sent.body).get() else {
                Issue.record("expected a task: \(sent.text)")
                return
            }
            #expect(task.status.state == .completed)
            let answer = task.artifacts?.first?.text ?? ""
            #expect(!answer.isEmpty)
        }
        #expect(await released.stop() == 0)
        withExtendedLifetime(kept) {}
    }
}
