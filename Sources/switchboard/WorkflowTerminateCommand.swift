import ArgumentParser
import DurableEngine
import Foundation
import TemporalBackend

/// `workflow terminate`: ends the workflow at once.
struct WorkflowTerminateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "terminate", abstract: "End a workflow at once, without running its code.")

    @OptionGroup var target: WorkflowTarget

    @Option(help: "Why, recorded in the history.")
    var reason = "terminated from the command line"

    func run() async throws {
        if let temporal = try target.temporal.client() {
            try await temporal.terminate(workflowID: target.workflowID, reason: reason)
        } else {
            try WorkflowClient(store: target.database.openStore()).terminate(workflowID: target.workflowID, reason: reason)
        }
        FileHandle.standardError.write(Data("terminated \(target.workflowID)\n".utf8))
    }
}
