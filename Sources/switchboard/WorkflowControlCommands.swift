import ArgumentParser
import DurableEngine
import Foundation

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

    func validate() throws {
        let expected = workflowID == nil ? 2 : 1
        guard arguments.count == expected else {
            throw ValidationError(workflowID == nil ? "give the workflow ID and the signal name: signal <id> <name>" : "give the signal name once")
        }
        if input != nil && note != nil { throw ValidationError("use --input or --note, not both") }
    }

    func run() throws {
        let id = workflowID ?? arguments[0]
        let name = arguments.last!
        var payload = input
        if let note {
            payload = String(decoding: try JSONEncoder().encode(["note": note]), as: UTF8.self)
        }
        try WorkflowClient(store: database.openStore()).signal(workflowID: id, name: name, json: payload)
        FileHandle.standardError.write(Data("signal \(name) sent to \(id)\n".utf8))
    }
}

/// `workflow query`: reads a value the workflow published.
struct WorkflowQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Read a value a workflow published (e.g. draft).")

    @OptionGroup var target: WorkflowTarget

    @Argument(help: "The query name.")
    var name: String

    func run() throws {
        guard let json = try WorkflowClient(store: target.database.openStore()).queryJSON(workflowID: target.workflowID, name: name) else {
            throw ValidationError("workflow \(target.workflowID) has published no value named '\(name)'")
        }
        if target.output == .text, let text = try? JSONDecoder().decode(String.self, from: Data(json.utf8)) {
            print(text)
        } else {
            print(json)
        }
    }
}

/// `workflow cancel`: the workflow sees the request at its next await.
struct WorkflowCancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Request cancellation of a workflow.")

    @OptionGroup var target: WorkflowTarget

    @Option(help: "Why, recorded in the history.")
    var reason = "cancelled from the command line"

    func run() throws {
        try WorkflowClient(store: target.database.openStore()).cancel(workflowID: target.workflowID, reason: reason)
        FileHandle.standardError.write(Data("cancellation requested for \(target.workflowID)\n".utf8))
    }
}

/// `workflow terminate`: ends the workflow at once.
struct WorkflowTerminateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "terminate", abstract: "End a workflow at once, without running its code.")

    @OptionGroup var target: WorkflowTarget

    @Option(help: "Why, recorded in the history.")
    var reason = "terminated from the command line"

    func run() throws {
        try WorkflowClient(store: target.database.openStore()).terminate(workflowID: target.workflowID, reason: reason)
        FileHandle.standardError.write(Data("terminated \(target.workflowID)\n".utf8))
    }
}
