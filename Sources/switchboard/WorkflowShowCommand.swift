import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow
import TemporalBackend

/// `workflow show`: the event history; `-o json` in the shape of `temporal workflow show -o json`.
struct WorkflowShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a workflow's event history.")

    @OptionGroup var target: WorkflowTarget

    @Option(name: .customLong("run-id"), help: "A specific run (default: the latest).")
    var runID: String?

    func run() async throws {
        if let temporal = try target.temporal.client() {
            // Temporal's own history JSON, as `temporal workflow show -o json` prints it.
            if target.output == .json {
                print(try await temporal.historyJSON(workflowID: target.workflowID, runID: runID))
            } else {
                for line in try await temporal.historyLines(workflowID: target.workflowID, runID: runID) {
                    print(pad(String(line.eventID), 5) + pad(TemporalJSON.time(line.time), 30) + pad(line.type, 36) + line.detail)
                }
            }
            return
        }
        let events = try WorkflowClient(store: target.database.openStore()).history(workflowID: target.workflowID, runID: runID)
        if target.output == .json {
            print(TemporalJSON.text(TemporalJSON.history(events, workflowID: target.workflowID)))
            return
        }
        for event in events {
            var detail = event.attributes.activityType ?? event.attributes.signalName ?? event.attributes.markerName ?? ""
            if let attempt = event.attributes.attempt, event.eventType == .activityTaskStarted { detail += "attempt \(attempt)" }
            if let failure = event.attributes.failure ?? event.attributes.lastFailure { detail += (detail.isEmpty ? "" : "  ") + "\(failure)" }
            print(pad(String(event.eventID), 5) + pad(TemporalJSON.time(event.eventTime), 30) + pad(event.eventType.rawValue, 36) + detail)
        }
    }
}
