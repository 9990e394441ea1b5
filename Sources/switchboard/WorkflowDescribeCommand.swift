import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow
import TemporalBackend

/// `workflow describe`: status, pending activities (attempt, last failure, next retry) and timers.
struct WorkflowDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Show a workflow's status and pending work.")

    @OptionGroup var target: WorkflowTarget

    @Option(name: .customLong("run-id"), help: "A specific run (default: the latest; needs a Temporal address).")
    var runID: String?

    func run() async throws {
        let description = if let temporal = try target.temporal.client() {
            try await temporal.describe(workflowID: target.workflowID, runID: runID)
        } else if runID != nil {
            throw ValidationError("--run-id of describe needs a Temporal address; the history file describes the latest run")
        } else {
            try WorkflowClient(store: target.database.openStore()).describe(workflowID: target.workflowID)
        }
        if target.output == .json {
            print(TemporalJSON.text(TemporalJSON.describe(description), pretty: true))
            return
        }
        let record = description.record
        print("Workflow   \(record.workflowID)  (run \(record.runID))")
        print("Type       \(record.workflowType)")
        print("Status     \(record.status.rawValue)")
        print("Started    \(TemporalJSON.time(record.startTime))")
        if let close = record.closeTime { print("Closed     \(TemporalJSON.time(close))") }
        print("History    \(record.historyLength) events")
        for activity in description.pendingActivities {
            var line = "Pending    activity \(activity.activityID) \(activity.activityType): \(activity.state), attempt \(activity.attempt)"
            if let next = activity.nextAttemptTime { line += ", next try in \(RouteProgressReporter.format(max(0, next.timeIntervalSinceNow)))" }
            print(line)
            if let failure = activity.lastFailure { print("           last failure: \(failure)") }
        }
        for timer in description.pendingTimers { print("Timer      \(timer.timerID) fires at \(TemporalJSON.time(timer.fireTime))") }
        if let result = description.result { print("Result     \(result.json)") }
        if let failure = description.failure { print("Failure    \(failure)") }
    }
}
