import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow

/// `workflow result`: waits for the workflow and prints its result.
struct WorkflowResultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "result", abstract: "Wait for a workflow and print its result.")

    @OptionGroup var target: WorkflowTarget

    @Option(help: "Give up after this many seconds (default: wait as long as it takes).")
    var timeout: Double?

    func run() async throws {
        let client = WorkflowClient(store: try target.database.openStore())
        let payload: JSONValueBox
        do {
            payload = try await client.result(workflowID: target.workflowID, as: JSONValueBox.self, timeout: timeout.map { .seconds($0) })
        } catch let failure as WorkflowFailed {
            note("error: \(failure)")
            throw ExitCodes.workflowFailed
        }
        if target.output == .json {
            print(String(decoding: payload.json, as: UTF8.self))
        } else if let routed = try? JSONDecoder().decode(RouteResult.self, from: payload.json) {
            print(routed.rendered)
        } else if let text = try? JSONDecoder().decode(String.self, from: payload.json) {
            print(text)
        } else {
            print(String(decoding: payload.json, as: UTF8.self))
        }
    }
}
