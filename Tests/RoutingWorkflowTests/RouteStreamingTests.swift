import AgentTesting
import Foundation
import Testing

/// `route` prints the answer as the agent streams it, with the embedded worker and with a
/// separate one, and its stdout ends exactly as it did when it printed the answer at the end.
@Suite struct RouteStreamingTests {
    @Test(arguments: [false, true])
    func theAnswerReachesStdoutWhileTheAgentStillStreams(separateWorker: Bool) async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let chunks = (1...8).map { "part \($0). " }
        let slow = SlowAnswerExecutor(chunks: chunks, delay: .milliseconds(300))
        let agents = try AgentPair(answeringWith: slow)
        let flags = agents.flags
        var worker: LaunchedProcess?
        if separateWorker {
            worker = try Switchboard.launch("worker", ["worker", "--db", db] + flags)
            try await worker?.waitFor("ready")
        }
        let route = try Switchboard.launch("route", ["route", "--db", db, "--quiet"]
                                           + (separateWorker ? ["--no-embedded-worker"] : []) + flags
                                           + ["How many vacation days do I get?"])
        let early = await eventually(timeout: .seconds(30)) { route.standardOutput.contains("[routed to HR] part 1.") }
        #expect(early, "\(route.text)")
        #expect(slow.yielded < chunks.count, "the first piece came only after the agent's last chunk")
        #expect(try await route.exitStatus() == 0, "\(route.text)")
        #expect(route.standardOutput == "[routed to HR] " + chunks.joined() + "\n")
        await agents.stop()
        withExtendedLifetime(worker) {}
    }

    /// The progress lines on stderr: every step, what discovery found and what the classifier said.
    @Test func progressLinesNameEveryStep() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let slow = SlowAnswerExecutor(chunks: ["Eighteen days."], delay: .milliseconds(10))
        let agents = try AgentPair(answeringWith: slow)
        let route = try Switchboard.launch("route", ["route", "--db", db] + agents.flags + ["How many vacation days do I get?"])
        #expect(try await route.exitStatus() == 0, "\(route.text)")
        for line in ["→ discovering agents", "  found faq, hr", "→ rendering the classifier prompt",
                     "→ classifying the question", "  classified by local as hr", "→ asking the HR agent"] {
            #expect(route.text.contains(line + "\n"), "no line '\(line)' in: \(route.text)")
        }
        await agents.stop()
    }
}
