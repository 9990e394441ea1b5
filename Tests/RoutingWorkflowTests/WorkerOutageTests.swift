import AgentTesting
import DurableEngine
import Foundation
import RoutingWorkflow
import Testing

/// A worker outage longer than every routing timeout costs time, never a question: an agent
/// call cut off by the crash is retried, and a question asked while no worker is alive waits
/// for one. The run's timeouts are scaled down (`RouteRequest.timeScale`, `route --time-scale`)
/// so that the outage outlasts all of them in seconds.
@Suite struct WorkerOutageTests {
    /// 0.02: the agent call's start-to-close is 6 s and its heartbeat 0.6 s; the local steps'
    /// start-to-close is 0.6 s; retries start at 20 ms.
    static let scale = 0.02
    /// Longer than every timeout above, and than the workers' 1 s lease.
    static let outage = Duration.seconds(7)

    @Test func questionsSurviveAnOutageLongerThanEveryTimeout() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let chunks = (1...6).map { "part \($0). " }
        let slow = SlowAnswerExecutor(chunks: chunks, delay: .milliseconds(200))
        let agents = try AgentPair(answeringWith: slow)
        let flags = agents.flags
        let first = try Switchboard.launch("worker 1", ["worker", "--db", db, "--lease", "1"] + flags)
        try await first.waitFor("ready")
        let client = WorkflowClient(store: try WorkflowStore(path: db))
        let cut = try await client.start(
            RoutingWorkflow.self, input: RouteRequest(question: "How many vacation days do I get?", timeScale: Self.scale),
            id: "cut-off")
        let streaming = try await eventually(timeout: .seconds(20)) {
            try client.describe(workflowID: cut.workflowID).pendingActivities.first { $0.activityType == "call_agent" }?
                .lastHeartbeatTime != nil
        }
        try #require(streaming, "the agent call never started streaming")
        await first.kill()
        let asked = try await client.start(
            RoutingWorkflow.self, input: RouteRequest(question: "Where can I park?", timeScale: Self.scale), id: "asked-meanwhile")

        try await Task.sleep(for: Self.outage)
        let second = try Switchboard.launch("worker 2", ["worker", "--db", db, "--lease", "1"] + flags)
        for run in [cut, asked] {
            let result = try await client.result(workflowID: run.workflowID, as: RouteResult.self, timeout: .seconds(60))
            #expect(result.answer == chunks.joined(), "\(run.workflowID)")
        }
        // Only the attempt the crash cut off failed; nothing timed out while waiting for a worker.
        for run in [cut, asked] {
            let failures = try client.history(workflowID: run.workflowID).compactMap(\.attributes.lastFailure)
            let allowed = ["WorkerLost", "TemporalTimeout:StartToClose", "TemporalTimeout:Heartbeat"]
            #expect(failures.allSatisfy { allowed.contains($0.type) }, "\(run.workflowID): \(failures.map(\.type))")
        }
        await agents.stop()
        withExtendedLifetime(second) {}
    }

    /// The case that failed before: the worker died while `discover_agents` ran (here it hangs
    /// on a card that never comes), and the next worker came after the outage.
    @Test func aQuestionWhoseDiscoveryWasCutOffWaitsForTheNextWorker() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let slow = SlowAnswerExecutor(chunks: ["Park ", "in lot B."], delay: .milliseconds(10))
        let agents = try AgentPair(answeringWith: slow)
        let silent = try UnresponsiveListener()
        let first = try Switchboard.launch("worker 1", ["worker", "--db", db, "--lease", "1",
                                                        "--agent-url", "hr=http://127.0.0.1:\(silent.port)",
                                                        "--agent-url", "faq=http://127.0.0.1:\(silent.port)"])
        try await first.waitFor("ready")
        let client = WorkflowClient(store: try WorkflowStore(path: db))
        let run = try await client.start(
            RoutingWorkflow.self, input: RouteRequest(question: "Where can I park?", timeScale: Self.scale), id: "discovering")
        let discovering = try await eventually(timeout: .seconds(20)) {
            try client.describe(workflowID: run.workflowID).pendingActivities
                .contains { $0.activityType == "discover_agents" && $0.state == "started" }
        }
        try #require(discovering, "discover_agents never started")
        await first.kill()
        try await Task.sleep(for: Self.outage)
        let second = try Switchboard.launch("worker 2", ["worker", "--db", db, "--lease", "1"] + agents.flags)
        let result = try await client.result(workflowID: run.workflowID, as: RouteResult.self, timeout: .seconds(60))
        #expect(result.answer == "Park in lot B.")
        let failures = try client.history(workflowID: run.workflowID).compactMap(\.attributes.lastFailure)
        let allowed = ["WorkerLost", "TemporalTimeout:StartToClose"]
        #expect(failures.allSatisfy { allowed.contains($0.type) }, "\(failures.map(\.type))")
        await agents.stop()
        withExtendedLifetime((second, silent)) {}
    }

    @Test func scalingLeavesAttemptsAndBackoffAlone() {
        let scaled = RoutingActivityOptions.agentCall.scaled(by: 0.5)
        #expect(scaled.startToCloseTimeout == .seconds(150))
        #expect(scaled.heartbeatTimeout == .seconds(15))
        #expect(scaled.retryPolicy.initialInterval == .milliseconds(500))
        #expect(scaled.retryPolicy.maximumInterval == .seconds(15))
        #expect(scaled.retryPolicy.maximumAttempts == RoutingActivityOptions.agentCall.retryPolicy.maximumAttempts)
        #expect(scaled.scheduleToCloseTimeout == nil)
        #expect(RoutingActivityOptions.quick.scaled(by: nil) == RoutingActivityOptions.quick)
    }
}
