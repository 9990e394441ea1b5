import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow
import TemporalBackend

/// `workflow list`: the newest runs first, with filters.
struct WorkflowListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List workflows, newest first.")

    @Option(help: "Only this status: running, completed, failed, canceled, terminated, continued_as_new.")
    var status: String?

    @Option(name: .customLong("type"), help: "Only this workflow type, e.g. RoutingWorkflow.")
    var workflowType: String?

    @Option(help: "Only workflows started in the last N seconds.")
    var since: Double?

    @Option(help: "At most this many rows.")
    var limit = 20

    @Option(name: .customLong("page-token"), help: "Continue after a previous page (printed at its end).")
    var pageToken: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "text (default) or json.")
    var output: OutputFormat = .text

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var temporal: TemporalOptions

    func run() async throws {
        var filter = WorkflowListFilter(workflowType: workflowType)
        if let status {
            guard let parsed = WorkflowStatus(rawValue: status.uppercased()) else {
                throw ValidationError("unknown status '\(status)'; use one of \(WorkflowStatus.allCases.map { $0.rawValue.lowercased() }.joined(separator: ", "))")
            }
            filter.status = parsed
        }
        if let since { filter.startedAfter = Date().addingTimeInterval(-since) }
        let page = if let client = try temporal.client() {
            try await client.list(filter: filter, pageSize: max(1, limit), pageToken: pageToken)
        } else {
            try WorkflowClient(store: database.openStore()).list(filter: filter, pageSize: max(1, limit), pageToken: pageToken)
        }
        if output == .json {
            print(TemporalJSON.text(page.records.map(TemporalJSON.executionInfo)))
            return
        }
        print(pad("WORKFLOW ID", 38) + pad("TYPE", 18) + pad("STATUS", 12) + "STARTED")
        for record in page.records {
            print(pad(record.workflowID, 38) + pad(record.workflowType, 18) + pad(record.status.rawValue, 12)
                  + TemporalJSON.time(record.startTime))
        }
        if let token = page.nextPageToken { print("more: --page-token \(token)") }
    }
}
