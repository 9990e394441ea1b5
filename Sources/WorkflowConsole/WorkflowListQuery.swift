import DurableEngine
import Foundation

/// The list's filters as the page and the JSON API take them, validated.
struct WorkflowListQuery: Equatable {
    static let maxSearchLength = 200
    static let maxPageSize = 1000

    var filter = WorkflowListFilter()
    var pageSize = 50
    var pageToken: String?
    /// The time window as given (`since` seconds), for links that keep it.
    var since: String?

    /// From the console page's parameters: `status`, `type`, `q`, `since` (seconds), `pageSize`,
    /// `pageToken`.
    init(page parameters: [String: String]) throws(ConsoleError) {
        if let status = parameters["status"], !status.isEmpty { filter.status = try Self.status(status) }
        if let type = parameters["type"], !type.isEmpty { filter.workflowType = try Self.bounded(type, "type") }
        if let search = parameters["q"], !search.isEmpty { filter.search = try Self.bounded(search, "search text") }
        if let since = parameters["since"], !since.isEmpty {
            guard let seconds = Double(since), seconds > 0, seconds <= 10 * 365 * 86_400 else {
                throw .badRequest("since must be a number of seconds between 1 and ten years, not '\(since.prefix(40))'")
            }
            filter.startedAfter = Date().addingTimeInterval(-seconds)
            self.since = since
        }
        try readPaging(parameters)
    }

    /// From Temporal's HTTP API parameters: `query` (a visibility query), `pageSize`,
    /// `nextPageToken`.
    init(api parameters: [String: String]) throws(ConsoleError) {
        if let query = parameters["query"], !query.isEmpty {
            filter = try VisibilityQuery.parse(query)
        }
        try readPaging(parameters)
        if let token = parameters["nextPageToken"], !token.isEmpty { pageToken = token }
    }

    private mutating func readPaging(_ parameters: [String: String]) throws(ConsoleError) {
        if let size = parameters["pageSize"], !size.isEmpty {
            guard let value = Int(size), (1...Self.maxPageSize).contains(value) else {
                throw .badRequest("pageSize must be a whole number from 1 to \(Self.maxPageSize), not '\(size.prefix(40))'")
            }
            pageSize = value
        }
        if let token = parameters["pageToken"], !token.isEmpty { pageToken = try Self.bounded(token, "page token") }
    }

    static func status(_ text: String) throws(ConsoleError) -> WorkflowStatus {
        let name = text.uppercased().replacingOccurrences(of: "WORKFLOW_EXECUTION_STATUS_", with: "")
            .replacingOccurrences(of: "CONTINUEDASNEW", with: "CONTINUED_AS_NEW")
        guard let status = WorkflowStatus(rawValue: name) else {
            let known = WorkflowStatus.allCases.map { $0.rawValue.lowercased() }.joined(separator: ", ")
            throw .badRequest("unknown status '\(text.prefix(40))'; use one of \(known)")
        }
        return status
    }

    static func bounded(_ text: String, _ what: String) throws(ConsoleError) -> String {
        guard text.count <= maxSearchLength else {
            throw .badRequest("the \(what) is longer than \(maxSearchLength) characters")
        }
        return text
    }
}
