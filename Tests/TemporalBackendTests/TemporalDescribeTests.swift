import AgentTesting
import DurableEngine
import Foundation
import Testing
@testable import TemporalBackend

/// An activity that fails and waits a minute for its retry.
struct PatientRetryWorkflow: WorkflowDefinition {
    static let workflowType = "PatientRetry"

    func run(_ context: WorkflowContext, input: String) async throws -> String {
        try await context.executeActivity(
            "always_fails", input: input, returning: String.self,
            options: ActivityOptions(startToCloseTimeout: .seconds(10),
                                     retryPolicy: RetryPolicy(initialInterval: .seconds(60), maximumAttempts: 3)))
    }
}

/// `describe` on Temporal: an activity's attempt, last failure and next retry time, pending
/// timers with their fire time, a closed run's result, and `--run-id` for an earlier run.
@Suite("Temporal describe", .serialized, .enabled(if: TemporalDevServer.unavailableReason == nil,
                                                   "\(TemporalDevServer.unavailableReason ?? "")"))
struct TemporalDescribeTests {
    @Test func describeShowsTheNextRetryTheLastFailureAndPendingTimers() async throws {
        let server = try await TemporalDevServer.shared()
        let settings = try server.settings()
        let connection = try TemporalConnection(settings: settings)
        let activities = FixtureActivities.registry()
        activities.register("always_fails") { (input: String, _) -> String in
            throw ApplicationError(type: "Refused", message: "\(input) is refused")
        }
        let worker = TemporalWorker(connection: connection, workflows: [PatientRetryWorkflow(), TimerWorkflow()],
                                    activities: activities)
        let running = Task { try await worker.run() }
        #expect(await worker.waitUntilReady())
        let client = TemporalWorkflowClient(connection: connection)

        let retry = try await client.start(PatientRetryWorkflow.self, input: "leave")
        var described: WorkflowDescription?
        let retrying = try await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            described = try await client.describe(workflowID: retry.workflowID)
            return described?.pendingActivities.first?.lastFailure != nil
        }
        #expect(retrying, "the first attempt's failure never showed: \(String(describing: described))")
        let activity = try #require(described?.pendingActivities.first)
        #expect(activity.activityType == "always_fails" && activity.attempt == 2)
        #expect(activity.lastFailure?.message == "leave is refused" && activity.lastFailure?.type == "Refused")
        let nextTry = try #require(activity.nextAttemptTime)
        #expect(nextTry.timeIntervalSinceNow > 30 && nextTry.timeIntervalSinceNow <= 61, "\(nextTry)")

        let timer = try await client.start(TimerWorkflow.self, input: 600_000)
        let waiting = try await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            try await !client.describe(workflowID: timer.workflowID).pendingTimers.isEmpty
        }
        #expect(waiting)
        let pendingTimer = try #require(try await client.describe(workflowID: timer.workflowID).pendingTimers.first)
        #expect(pendingTimer.timerID == "1")
        #expect(abs(pendingTimer.fireTime.timeIntervalSinceNow - 600) < 30, "\(pendingTimer.fireTime)")

        // The command's text view says the same.
        let flags = ["--temporal-address", server.address, "--task-queue", settings.taskQueue]
        let text = try TemporalEndToEndTests.launch("describe", ["workflow", "describe", "-w", retry.workflowID] + flags)
        #expect(try await text.exitStatus() == 0)
        #expect(text.standardOutput.contains("attempt 2, next try in") && text.standardOutput.contains("leave is refused"),
                "\(text.text)")
        let timerText = try TemporalEndToEndTests.launch("describe", ["workflow", "describe", "-w", timer.workflowID] + flags)
        #expect(try await timerText.exitStatus() == 0)
        #expect(timerText.standardOutput.contains("Timer      1 fires at"), "\(timerText.text)")
        try await client.terminate(workflowID: retry.workflowID)
        try await client.terminate(workflowID: timer.workflowID)
        worker.shutdown()
        try await running.value
        await connection.close()
    }

    @Test func runIDPicksAnEarlierRunOfAContinuedWorkflow() async throws {
        let server = try await TemporalDevServer.shared()
        let settings = try server.settings()
        let connection = try TemporalConnection(settings: settings)
        let worker = TemporalWorker(connection: connection, workflows: [CountdownWorkflow()], activities: FixtureActivities.registry())
        let running = Task { try await worker.run() }
        #expect(await worker.waitUntilReady())
        let client = TemporalWorkflowClient(connection: connection)
        let countdown = try await client.start(CountdownWorkflow.self, input: 2)
        #expect(try await client.result(workflowID: countdown.workflowID, as: String.self, timeout: .seconds(30))
            == "Hello, round 1! That was the last round.")
        // From the first run, result follows continue-as-new to the last run's result.
        #expect(try await client.result(workflowID: countdown.workflowID, runID: countdown.runID, as: String.self)
            == "Hello, round 1! That was the last round.")

        let flags = ["--temporal-address", server.address, "--task-queue", settings.taskQueue]
        let first = try TemporalEndToEndTests.launch("show", ["workflow", "show", "-w", countdown.workflowID, "--run-id",
                                                              countdown.runID] + flags)
        #expect(try await first.exitStatus() == 0)
        #expect(first.standardOutput.contains("WorkflowExecutionContinuedAsNew"), "\(first.text)")
        let latest = try TemporalEndToEndTests.launch("show", ["workflow", "show", "-w", countdown.workflowID] + flags)
        #expect(try await latest.exitStatus() == 0)
        #expect(latest.standardOutput.contains("WorkflowExecutionCompleted") && !latest.standardOutput.contains("ContinuedAsNew"),
                "\(latest.text)")
        let describeFirst = try TemporalEndToEndTests.launch("describe", ["workflow", "describe", "-w", countdown.workflowID,
                                                                          "--run-id", countdown.runID] + flags)
        #expect(try await describeFirst.exitStatus() == 0)
        #expect(describeFirst.standardOutput.contains(countdown.runID) && describeFirst.standardOutput.contains("CONTINUED"),
                "\(describeFirst.text)")
        let unknown = try TemporalEndToEndTests.launch("show", ["workflow", "show", "-w", countdown.workflowID, "--run-id",
                                                                UUID().uuidString.lowercased()] + flags)
        #expect(try await unknown.exitStatus() != 0)
        #expect(unknown.text.contains("run "), "\(unknown.text)")
        worker.shutdown()
        try await running.value
        await connection.close()
    }
}
