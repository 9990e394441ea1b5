import AgentTesting
import Foundation
import Testing

/// The long-lived commands with a Temporal address: `worker --metrics-port` serves the
/// worker's series, `worker --a2a-port` is refused with the reason, and `demo` runs the agents,
/// a worker of the cluster and its two questions. Skipped, with the reason, without the dev server.
@Suite("Temporal worker and demo commands", .serialized,
       .enabled(if: TemporalDevServerProcess.unavailableReason == nil, "\(TemporalDevServerProcess.unavailableReason ?? "")"))
struct TemporalCommandsTests {
    @Test(.enabled(if: PrometheusText.isAvailable, Comment(rawValue: PrometheusText.unavailableReason)))
    func theWorkersMetricsCountARoutedQuestion() async throws {
        let server = try await TemporalDevServerProcess.shared()
        let agents = try AgentPair(answeringWith: SlowAnswerExecutor(chunks: ["Ten days."], delay: .milliseconds(10)))
        let temporal = ["--temporal-address", server.address, "--task-queue", "metrics-\(UUID().uuidString.prefix(8))"]
        let metricsPort = try freePort()
        let worker = try Switchboard.launch("worker", ["worker", "--metrics-port", "\(metricsPort)"] + temporal + agents.flags)
        try await worker.waitFor("ready on Temporal")
        #expect(worker.text.contains("metrics on http://127.0.0.1:\(metricsPort)/metrics"), "\(worker.text)")

        let route = try Switchboard.launch("route", ["route", "--quiet"] + temporal + ["How many sick days do I get?"])
        #expect(try await route.exitStatus(timeout: .seconds(60)) == 0, "\(route.text)")
        let response = try await LoopbackHTTPClient.request(port: metricsPort, path: "/metrics")
        try #require(response.status == 200, "\(response.status) \(response.text.prefix(300))")
        let scraped = try await PrometheusText(parsing: response.text)
        #expect(scraped.sum("switchboard_workflows_completed_total", ["workflow_type": "RoutingWorkflow"]) == 1)
        #expect(scraped.sum("switchboard_workflows_failed_total") == 0)
        for activity in ["discover_agents", "classify", "call_agent"] {
            #expect(scraped.sum("switchboard_activity_attempts_total", ["activity_type": activity]) == 1, "\(activity)")
        }
        #expect(scraped.sum("switchboard_activity_failures_total") == 0)
        #expect(scraped.sum("switchboard_temporal_workflow_tasks_total", ["outcome": "completed"]) >= 4)
        _ = await worker.stop()
        await agents.stop()
    }

    @Test func theRouterAgentIsRefusedWithTheReason() async throws {
        let worker = try Switchboard.launch("worker", ["worker", "--temporal-address", "127.0.0.1:1", "--a2a-port", "0"])
        #expect(try await worker.exitStatus() == 64)
        #expect(worker.text.contains("--a2a-port is not supported with a Temporal address")
                && worker.text.contains("history file"), "\(worker.text)")
    }

    @Test func theDemoRunsOnTemporal() async throws {
        let server = try await TemporalDevServerProcess.shared()
        let demo = try Switchboard.launch("demo", ["demo", "--temporal-address", server.address,
                                                   "--task-queue", "demo-\(UUID().uuidString.prefix(8))"])
        #expect(try await demo.exitStatus(timeout: .seconds(120)) == 0, "\(demo.text)")
        let output = demo.standardOutput
        #expect(output.contains("[routed to HR]") && output.contains("[routed to FAQ]"), "\(demo.text)")
        #expect(output.contains("History of workflow") && output.contains("ActivityTaskScheduled (call_agent)"), "\(demo.text)")
        #expect(demo.text.contains("→ asking the HR agent"), "no progress lines: \(demo.text)")
    }
}
