import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow
import TemporalBackend

/// `workflow signal`: `-w ID NAME` or `ID NAME`, e.g. `switchboard workflow signal <id> approve --note "ok"`.
struct WorkflowSignalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "signal", abstract: "Send a signal to a running workflow.")

    @Option(name: [.customShort("w"), .customLong("workflow-id")], help: "The workflow ID (or give it as the first argument).")
    var workflowID: String?

    @Argument(help: "[ID] NAME: the workflow ID unless -w is given, then the signal name (e.g. approve, reject).")
    var arguments: [String]

    @Option(help: "The signal's payload as JSON.")
    var input: String?

    @Option(help: "A note for approve/reject; sent as {\"note\": …}.")
    var note: String?

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var temporal: TemporalOptions

    func validate() throws {
        let expected = workflowID == nil ? 2 : 1
        guard arguments.count == expected else {
            throw ValidationError(workflowID == nil ? "give the workflow ID and the signal name: signal <id> <name>" : "give the signal name once")
        }
        if input != nil && note != nil { throw ValidationError("use --input or --note, not both") }
        if arguments.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { throw ValidationError("the signal name is empty") }
    }

    func run() async throws {
        let id = workflowID ?? arguments[0]
        let name = arguments.last!
        var payload = input
        if let note {
            payload = String(decoding: try JSONEncoder().encode(["note": note]), as: UTF8.self)
        }
        if let temporal = try temporal.client() {
            // The shape is known for the product's workflows: refuse here what the run could not read.
            if try await temporal.describe(workflowID: id).record.workflowType == RoutingWorkflow.workflowType,
               let problem = RoutingWorkflow.problem(withSignal: name, json: payload) {
                throw ValidationError(problem)
            }
            try await temporal.signal(workflowID: id, name: name, json: payload)
            FileHandle.standardError.write(Data("signal \(name) sent to \(id)\n".utf8))
            return
        }
        let client = WorkflowClient(store: try database.openStore())
        // The shape is known for the product's workflows: refuse here what the run could not read.
        if try client.describe(workflowID: id).record.workflowType == RoutingWorkflow.workflowType,
           let problem = RoutingWorkflow.problem(withSignal: name, json: payload) {
            throw ValidationError(problem)
        }
        try client.signal(workflowID: id, name: name, json: payload)
        FileHandle.standardError.write(Data("signal \(name) sent to \(id)\n".utf8))
    }
}
