import ArgumentParser
import DurableEngine
import Foundation
import JSONBytes
import RoutingWorkflow
import TemporalBackend

/// `workflow result`: waits for the workflow and prints its result.
struct WorkflowResultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "result", abstract: "Wait for a workflow and print its result.")

    @OptionGroup var target: WorkflowTarget

    @Option(help: "Give up after this many seconds (default: wait as long as it takes).")
    var timeout: Double?

    @Option(name: .customLong("run-id"), help: "Start from this run, following continue-as-new (default: the latest; needs a Temporal address).")
    var runID: String?

    func run() async throws {
        let payload: JSONValue
        do {
            if let temporal = try target.temporal.client() {
                payload = try await temporal.result(workflowID: target.workflowID, runID: runID, as: JSONValue.self,
                                                    timeout: timeout.map { .seconds($0) })
            } else if runID != nil {
                throw ValidationError("--run-id of result needs a Temporal address; the history file follows the latest run")
            } else {
                let client = WorkflowClient(store: try target.database.openStore())
                payload = try await client.result(workflowID: target.workflowID, as: JSONValue.self, timeout: timeout.map { .seconds($0) })
            }
        } catch let failure as WorkflowFailed {
            note("error: \(failure)")
            throw ExitCodes.workflowFailed
        }
        let json = String(decoding: try payload.jsonBytes(), as: UTF8.self)
        if target.output == .json {
            print(json)
        } else if let routed = try? JSONDecoder().decode(RouteResult.self, from: Data(json.utf8)) {
            print(routed.rendered)
        } else if case .string(let text) = payload {
            print(text)
        } else {
            print(json)
        }
    }
}
