import ArgumentParser
import DurableEngine
import Foundation

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
