import ArgumentParser
import DurableEngine
import Foundation
import TemporalBackend

/// `workflow cancel`: the workflow sees the request at its next await.
struct WorkflowCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Request cancellation of a workflow.")

    @OptionGroup var target: WorkflowTarget

    @Option(help: "Why, recorded in the history.")
    var reason = "cancelled from the command line"

    func run() async throws {
        if let temporal = try target.temporal.client() {
            try await temporal.cancel(workflowID: target.workflowID, reason: reason)
        } else {
            try WorkflowClient(store: target.database.openStore()).cancel(workflowID: target.workflowID, reason: reason)
        }
        FileHandle.standardError.write(Data("cancellation requested for \(target.workflowID)\n".utf8))
    }
}
