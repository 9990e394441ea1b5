import AgentTesting
import Foundation
import Testing

/// `route` on Temporal shows what it shows on the history file while the run goes: progress
/// lines on stderr as the steps happen, and the answer on stdout as the agent streams it,
/// ending with exactly the bytes the SQLite path prints. Skipped, with the reason, without the
/// dev server.
@Suite("Temporal route live output", .serialized,
       .enabled(if: TemporalDevServerProcess.unavailableReason == nil, "\(TemporalDevServerProcess.unavailableReason ?? "")"))
struct TemporalRouteStreamingTests {
    @Test func progressAndTheAnswerArriveWhileTheAgentStreamsAndStdoutMatchesSQLite() async throws {
        let server = try await TemporalDevServerProcess.shared()
        let chunks = (1...8).map { "part \($0). " }
        let slow = SlowAnswerExecutor(chunks: chunks, delay: .milliseconds(400))
        let agents = try AgentPair(answeringWith: slow)
        let temporal = ["--temporal-address", server.address, "--task-queue", "live-\(UUID().uuidString.prefix(8))"]
        let worker = try Switchboard.launch("worker", ["worker"] + temporal + agents.flags)
        try await worker.waitFor("ready on Temporal")

        let route = try Switchboard.launch("route", ["route"] + temporal + ["How many vacation days do I get?"])
        let early = await eventually(timeout: .seconds(60), every: .milliseconds(20)) {
            route.standardOutput.contains("[routed to HR] part 1.")
        }
        #expect(early, "\(route.text)")
        #expect(slow.yielded < chunks.count, "the first piece came only after the agent's last chunk")
        #expect(route.isRunning, "route ended before the answer was complete")
        // The progress lines were written as the steps happened, before the answer.
        for line in ["started workflow", "→ discovering agents", "  found faq, hr", "→ classifying the question",
                     "  classified by local as hr", "→ asking the HR agent"] {
            #expect(route.text.contains(line), "no line '\(line)' while the answer streamed: \(route.text)")
        }
        #expect(try await route.exitStatus(timeout: .seconds(60)) == 0, "\(route.text)")
        #expect(route.standardOutput == "[routed to HR] " + chunks.joined() + "\n", "\(route.text)")

        // The same question on the history file prints the same bytes.
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let sqlite = try Switchboard.launch("route", ["route", "--db", db] + agents.flags + ["How many vacation days do I get?"])
        #expect(try await sqlite.exitStatus(timeout: .seconds(60)) == 0, "\(sqlite.text)")
        #expect(route.standardOutput == sqlite.standardOutput)

        _ = await worker.stop()
        await agents.stop()
    }

    /// `--quiet` keeps stderr free of progress, and a draft awaiting approval is not streamed.
    @Test func quietAndApprovalKeepTheirOutput() async throws {
        let server = try await TemporalDevServerProcess.shared()
        let slow = SlowAnswerExecutor(chunks: ["Eighteen ", "days."], delay: .milliseconds(50))
        let agents = try AgentPair(answeringWith: slow)
        let temporal = ["--temporal-address", server.address, "--task-queue", "quiet-\(UUID().uuidString.prefix(8))"]
        let worker = try Switchboard.launch("worker", ["worker"] + temporal + agents.flags)
        try await worker.waitFor("ready on Temporal")
        let quiet = try Switchboard.launch("route", ["route", "--quiet"] + temporal + ["How many vacation days do I get?"])
        #expect(try await quiet.exitStatus(timeout: .seconds(60)) == 0, "\(quiet.text)")
        #expect(quiet.standardOutput == "[routed to HR] Eighteen days.\n")
        #expect(quiet.text == quiet.standardOutput, "stderr was not empty: \(quiet.text)")

        let id = "approval-\(UUID().uuidString.prefix(8))"
        let gated = try Switchboard.launch("route", ["route", "--id", id, "--require-approval"] + temporal
                                           + ["How many vacation days do I get?"])
        let waiting = await eventually(timeout: .seconds(60), every: .milliseconds(50)) { gated.text.contains("waiting for approval") }
        #expect(waiting, "\(gated.text)")
        #expect(gated.standardOutput.isEmpty, "the draft was streamed: \(gated.standardOutput)")
        let approve = try Switchboard.launch("signal", ["workflow", "signal", "-w", id, "approve", "--note", "ok"] + temporal)
        #expect(try await approve.exitStatus() == 0, "\(approve.text)")
        #expect(try await gated.exitStatus(timeout: .seconds(60)) == 0, "\(gated.text)")
        #expect(gated.standardOutput == "[routed to HR] Eighteen days.\n[approved: ok]\n", "\(gated.text)")
        #expect(gated.text.contains("  received approve"), "\(gated.text)")

        _ = await worker.stop()
        await agents.stop()
    }
}
