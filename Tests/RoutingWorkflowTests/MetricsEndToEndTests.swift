import AgentTesting
import Foundation
import Testing

/// `/metrics` of real `switchboard agent --metrics` and `switchboard worker --metrics-port`
/// processes, read by the official Prometheus parser: a routed question moves the counters.
@Suite("Metrics end to end", .serialized) struct MetricsEndToEndTests {
    private func scrape(_ port: Int, token: String? = nil) async throws -> PrometheusText {
        let response = try await LoopbackHTTPClient.request(
            port: port, path: "/metrics", headers: token.map { [("Authorization", "Bearer \($0)")] } ?? [])
        try #require(response.status == 200, "GET /metrics on \(port): \(response.status) \(response.text.prefix(300))")
        return try await PrometheusText(parsing: response.text)
    }

    @Test(.enabled(if: PrometheusText.isAvailable, Comment(rawValue: PrometheusText.unavailableReason)))
    func aRoutedQuestionMovesTheWorkerAndAgentCounters() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let hrPort = try freePort(), faqPort = try freePort(), workerMetricsPort = try freePort()
        let hr = try Switchboard.launch("hr", ["agent", "hr", "--port", "\(hrPort)", "--metrics"])
        let faq = try Switchboard.launch("faq", ["agent", "faq", "--port", "\(faqPort)", "--metrics"])
        try await hr.waitFor("listening")
        try await faq.waitFor("listening")
        let worker = try Switchboard.launch("worker", [
            "worker", "--db", db, "--metrics-port", "\(workerMetricsPort)",
            "--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)",
        ])
        try await worker.waitFor("ready")
        #expect(worker.text.contains("metrics on http://127.0.0.1:\(workerMetricsPort)/metrics"), "\(worker.text)")

        let workerBefore = try await scrape(workerMetricsPort)
        let hrBefore = try await scrape(hrPort)
        let route = try Switchboard.launch("route", ["route", "--db", db, "--no-embedded-worker", "How many sick days do I get?"])
        #expect(try await route.exitStatus() == 0, "\(route.text)")
        #expect(route.text.contains("[routed to HR]"), "\(route.text)")
        let workerAfter = try await scrape(workerMetricsPort)
        let hrAfter = try await scrape(hrPort)

        func moved(_ before: PrometheusText, _ after: PrometheusText, _ name: String, _ labels: [String: String] = [:]) -> Double {
            after.sum(name, labels) - before.sum(name, labels)
        }
        let routing = ["workflow_type": "RoutingWorkflow"]
        #expect(moved(workerBefore, workerAfter, "switchboard_workflows_started_total", routing) == 1)
        #expect(moved(workerBefore, workerAfter, "switchboard_workflows_completed_total", routing) == 1)
        #expect(moved(workerBefore, workerAfter, "switchboard_workflows_failed_total", routing) == 0)
        #expect(moved(workerBefore, workerAfter, "switchboard_workflow_end_to_end_seconds_count", routing) == 1)
        for activity in ["discover_agents", "classify", "call_agent"] {
            #expect(moved(workerBefore, workerAfter, "switchboard_activity_attempts_total", ["activity_type": activity]) == 1,
                    "\(activity)")
            #expect(moved(workerBefore, workerAfter, "switchboard_activity_schedule_to_start_seconds_count",
                          ["activity_type": activity]) == 1, "\(activity)")
        }
        #expect(moved(workerBefore, workerAfter, "switchboard_activity_failures_total") == 0)
        #expect(moved(workerBefore, workerAfter, "switchboard_lease_takeovers_total") == 0)
        #expect(workerAfter.sum("switchboard_history_file_size_bytes", ["file": "database"]) > 0)
        #expect(workerAfter.has("switchboard_workflows_waiting"))
        #expect(workerAfter.samples.first { $0.name == "switchboard_workflow_end_to_end_seconds_bucket" }?.type == "histogram")

        // The worker asked HR once over A2A (streaming or not), and HR's local model answered once.
        let answered = ["SendMessage", "SendStreamingMessage"].reduce(0.0) {
            $0 + moved(hrBefore, hrAfter, "switchboard_agent_requests_total", ["method": $1, "status": "200"])
        }
        #expect(answered == 1)
        #expect(moved(hrBefore, hrAfter, "switchboard_model_call_duration_seconds_count", ["provider": "local"]) == 1)
        #expect(hrAfter.sum("switchboard_agent_tasks") >= 1)
        #expect(moved(hrBefore, hrAfter, "switchboard_agent_rate_limited_requests_total") == 0)
        withExtendedLifetime([hr, faq, worker]) {}
    }

    @Test func theAgentsMetricsNeedItsTokenAndAGet() async throws {
        let port = try freePort()
        let hr = try Switchboard.launch("hr", ["agent", "hr", "--port", "\(port)", "--metrics", "--token", "t0ken"])
        try await hr.waitFor("listening")
        let anonymous = try await LoopbackHTTPClient.request(port: port, path: "/metrics")
        #expect(anonymous.status == 401)
        let posted = try await LoopbackHTTPClient.request(
            port: port, method: "POST", path: "/metrics", headers: [("Authorization", "Bearer t0ken")], body: Array("x".utf8))
        #expect(posted.status == 405)
        let scraped = try await LoopbackHTTPClient.request(port: port, path: "/metrics", headers: [("Authorization", "Bearer t0ken")])
        #expect(scraped.status == 200)
        #expect(scraped.text.contains(#"switchboard_agent_requests_total{method="other",status="401"} 1"#), "\(scraped.text)")
        withExtendedLifetime(hr) {}
    }

    @Test func aSeparateMetricsPortNeedsNoToken() async throws {
        let port = try freePort(), metricsPort = try freePort()
        let hr = try Switchboard.launch("hr", ["agent", "hr", "--port", "\(port)", "--token", "t0ken",
                                               "--metrics-port", "\(metricsPort)"])
        try await hr.waitFor("listening")
        let scraped = try await LoopbackHTTPClient.request(port: metricsPort, path: "/metrics")
        #expect(scraped.status == 200)
        #expect(scraped.text.contains("switchboard_agent_requests_total"), "\(scraped.text.prefix(500))")
        // Without --metrics, the agent's own port has no /metrics.
        let onAgentPort = try await LoopbackHTTPClient.request(port: port, path: "/metrics", headers: [("Authorization", "Bearer t0ken")])
        #expect(onAgentPort.status == 404)
        withExtendedLifetime(hr) {}
    }

    @Test func aBadMetricsPortIsNamed() async throws {
        let outOfRange = try Switchboard.launch("worker", ["worker", "--db", try temporaryDirectory().appendingPathComponent("h.db").path,
                                                           "--metrics-port", "70000"])
        #expect(try await outOfRange.exitStatus() == 64)
        #expect(outOfRange.text.contains("--metrics-port 70000 is out of range"), "\(outOfRange.text)")
        let taken = try freePort()
        let holder = try Switchboard.launch("faq", ["agent", "faq", "--port", "\(taken)"])
        try await holder.waitFor("listening")
        let inUse = try Switchboard.launch("hr", ["agent", "hr", "--port", "0", "--metrics-port", "\(taken)"])
        #expect(try await inUse.exitStatus() != 0)
        #expect(inUse.text.contains("--metrics-port \(taken): cannot listen on 127.0.0.1:\(taken)"), "\(inUse.text)")
        withExtendedLifetime(holder) {}
    }
}
