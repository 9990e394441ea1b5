import ArgumentParser
import DurableEngine
import Foundation
import TemporalBackend

/// `workflow query`: reads a value the workflow published.
struct WorkflowQueryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "query", abstract: "Read a value a workflow published (e.g. draft).")

    @OptionGroup var target: WorkflowTarget

    @Argument(help: "The query name.")
    var name: String

    func run() async throws {
        let answer = if let temporal = try target.temporal.client() {
            try await temporal.queryJSON(workflowID: target.workflowID, name: name)
        } else {
            try WorkflowClient(store: target.database.openStore()).queryJSON(workflowID: target.workflowID, name: name)
        }
        guard let json = answer else {
            throw ValidationError("workflow \(target.workflowID) has published no value named '\(name)'")
        }
        if target.output == .text, let text = try? JSONDecoder().decode(String.self, from: Data(json.utf8)) {
            print(text)
        } else {
            print(json)
        }
    }
}
