import AgentTesting
import Foundation
import Testing

/// Interop the other way round: a Python `temporalio` SDK worker runs the workflow that our
/// `route` starts, and our `workflow result`, `show` and `describe` read what it produced.
@Suite("Temporal Python worker interop", .serialized, .enabled(if: TemporalDevServer.unavailableReason == nil,
                                                                 "\(TemporalDevServer.unavailableReason ?? "")"))
struct TemporalPythonWorkerTests {
    static let script = FixtureHistory.directory.appendingPathComponent("python_routing_worker.py")

    @Test func workflowResultReadsARunThatAPythonWorkerRan() async throws {
        let python = try #require(ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"])
        let server = try await TemporalDevServer.shared()
        let taskQueue = "py-worker-\(UUID().uuidString.prefix(8))"
        let worker = try LaunchedProcess("python worker", executable: URL(fileURLWithPath: python),
                                         arguments: [Self.script.path, server.address, taskQueue])
        try await worker.waitFor("python worker ready", timeout: .seconds(60))
        let flags = ["--temporal-address", server.address, "--task-queue", taskQueue]
        let id = "py-ran-\(taskQueue)"
        let question = "How many vacation days do I get?"
        let start = try TemporalEndToEndTests.launch("route", ["route", "--detach", "--id", id] + flags + [question])
        #expect(try await start.exitStatus() == 0, "\(start.text)")

        let result = try TemporalEndToEndTests.launch("result", ["workflow", "result", "-w", id, "--timeout", "60"] + flags)
        #expect(try await result.exitStatus() == 0, "\(result.text)")
        // Our RouteResult, decoded from the dict the Python workflow returned.
        #expect(result.standardOutput.contains("[routed to PYTHON] Python read \(question.count) characters"), "\(result.text)")
        let json = try TemporalEndToEndTests.launch("result json", ["workflow", "result", "-w", id, "-o", "json"] + flags)
        #expect(try await json.exitStatus() == 0)
        #expect(json.standardOutput.contains(#""agentID":"python""#), "\(json.text)")

        // The Python SDK's history reads with our show and describe too.
        let show = try TemporalEndToEndTests.launch("show", ["workflow", "show", "-w", id] + flags)
        #expect(try await show.exitStatus() == 0)
        #expect(show.standardOutput.contains("python_answer") && show.standardOutput.contains("WorkflowExecutionCompleted"),
                "\(show.text)")
        let describe = try TemporalEndToEndTests.launch("describe", ["workflow", "describe", "-w", id] + flags)
        #expect(try await describe.exitStatus() == 0)
        #expect(describe.standardOutput.contains("COMPLETED") && describe.standardOutput.contains("Python read"), "\(describe.text)")
        _ = await worker.stop()
    }
}
