import DurableEngine
import Foundation

/// The Workflows page: filters, counts by status, one row per run, newest first, and a link to
/// the next page. The part below the filters is also served alone, for live updates.
struct WorkflowListPage {
    let query: WorkflowListQuery
    /// The page's parameters as given, for the form and for links that keep them.
    let parameters: [String: String]

    static let knownTypes = ["RoutingWorkflow", "SimpleWorkflow"]
    static let windows: [(label: String, seconds: String)] = [
        ("any time", ""), ("last 5 minutes", "300"), ("last hour", "3600"), ("last day", "86400"), ("last week", "604800"),
    ]

    func render(_ client: WorkflowClient) throws -> String {
        let live = "/events/workflows" + HTML.query(linkParameters)
        let fragment = "/fragments/workflows" + HTML.query(linkParameters + [("pageToken", query.pageToken)])
        let content = """
            <h1>Workflows</h1>
            \(filters)
            <div data-live-events="\(HTML.escape(live))" data-live-fragment="\(HTML.escape(fragment))">
            \(try rows(client))
            </div>
            """
        return PageLayout.page(title: "Workflows", content: content, live: true)
    }

    /// The counts, the table and the paging link.
    func rows(_ client: WorkflowClient) throws -> String {
        let counts = try client.statusCounts(filter: query.filter)
        let page = try client.list(filter: query.filter, pageSize: query.pageSize, pageToken: query.pageToken)
        var html = "<div class=\"counts\">"
        let total = counts.values.reduce(0, +)
        html += "<a class=\"count\" href=\"/\(HTML.escape(HTML.query(linkParameters(status: nil))))\">all \(total)</a>"
        for status in WorkflowStatus.allCases {
            guard let count = counts[status] else { continue }
            let href = "/" + HTML.query(linkParameters(status: status.rawValue.lowercased()))
            html += "<a class=\"count status-\(status.rawValue)\" href=\"\(HTML.escape(href))\">\(status.rawValue.lowercased()) \(count)</a>"
        }
        html += "</div>"
        guard !page.records.isEmpty else {
            return html + "<p class=\"notice\">No workflows match. Ask a question on the <a href=\"/ask\">Ask</a> page "
                + "or with <code>switchboard route</code>.</p>"
        }
        html += """
            <div class="table-wrap"><table id="workflows"><thead><tr><th>Workflow ID</th><th>Type</th><th>Status</th>\
            <th class="optional">Started</th><th class="optional">Duration</th></tr></thead><tbody>
            """
        for record in page.records {
            let href = "/workflow" + HTML.query([("id", record.workflowID)])
            let end = record.closeTime ?? Date()
            html += """
                <tr><td class="id"><a href="\(HTML.escape(href))">\(HTML.escape(record.workflowID))</a></td>\
                <td>\(HTML.escape(record.workflowType))</td>\
                <td class="status status-\(record.status.rawValue)">\(record.status.rawValue.lowercased())</td>\
                <td class="optional">\(ConsoleFormat.time(record.startTime))</td>\
                <td class="optional">\(ConsoleFormat.duration(end.timeIntervalSince(record.startTime)))</td></tr>
                """
        }
        html += "</tbody></table></div>"
        if let token = page.nextPageToken {
            let href = "/" + HTML.query(linkParameters + [("pageToken", token)])
            html += "<p><a rel=\"next\" href=\"\(HTML.escape(href))\">Older workflows →</a></p>"
        }
        return html
    }

    private var filters: String {
        func option(_ value: String, _ label: String, selected: String?) -> String {
            "<option value=\"\(HTML.escape(value))\"\(value == (selected ?? "") ? " selected" : "")>\(HTML.escape(label))</option>"
        }
        let statuses = [option("", "any status", selected: parameters["status"])]
            + WorkflowStatus.allCases.map { option($0.rawValue.lowercased(), $0.rawValue.lowercased(), selected: parameters["status"]?.lowercased()) }
        // A type given in the address that the menu does not list is kept as an option of its own.
        let typeNames = Self.knownTypes + [parameters["type"]].compactMap { $0 }.filter { !$0.isEmpty && !Self.knownTypes.contains($0) }
        let types = [option("", "any type", selected: parameters["type"])] + typeNames.map { option($0, $0, selected: parameters["type"]) }
        let windows = Self.windows.map { option($0.seconds, $0.label, selected: parameters["since"]) }
        return """
            <form class="filters" method="get" action="/">
            <label>Search<input type="search" name="q" maxlength="\(WorkflowListQuery.maxSearchLength)" \
            placeholder="workflow ID or question" value="\(HTML.escape(parameters["q"] ?? ""))"></label>
            <label>Status<select name="status" data-autosubmit>\(statuses.joined())</select></label>
            <label>Type<select name="type" data-autosubmit>\(types.joined())</select></label>
            <label>Started<select name="since" data-autosubmit>\(windows.joined())</select></label>
            <button type="submit">Filter</button>
            </form>
            """
    }

    /// The filters of this page (not its paging), for links.
    private var linkParameters: [(String, String?)] {
        linkParameters(status: parameters["status"])
    }

    private func linkParameters(status: String?) -> [(String, String?)] {
        [("q", parameters["q"]), ("status", status), ("type", parameters["type"]), ("since", query.since)]
    }
}
