import DurableEngine
import Foundation
import RoutingWorkflow

/// A workflow's page: for a routed question its progress and answer, then the summary, the
/// actions, the pending activities, the timeline and the history. All but the heading is also
/// served alone, for live updates.
struct WorkflowPage {
    let workflowID: String
    let csrfToken: String

    /// What the page shows, read once per render.
    struct Snapshot {
        var record: WorkflowRecord
        var events: [HistoryEvent]?
        var description: WorkflowDescription?
        var draft: String?
        /// Why the history could not be read (an encrypted history without the key).
        var unreadable: String?
    }

    static func load(_ client: WorkflowClient, workflowID: String) throws -> Snapshot {
        let record = try client.record(workflowID: workflowID)
        var snapshot = Snapshot(record: record)
        do {
            snapshot.description = try client.describe(workflowID: workflowID)
            snapshot.events = try client.history(workflowID: workflowID, runID: record.runID)
            if record.workflowType == RoutingWorkflow.workflowType, record.status == .running {
                // A value that does not read as text (written by other code) is not a draft to show.
                snapshot.draft = try? client.query(workflowID: workflowID, name: RoutingWorkflow.draftQuery, as: String.self)
            }
        } catch let error as EncryptedPayloadError {
            snapshot.unreadable = "encrypted: \(error.description)"
        }
        return snapshot
    }

    func render(_ client: WorkflowClient) throws -> String {
        let snapshot = try Self.load(client, workflowID: workflowID)
        let parameters = HTML.query([("id", workflowID)])
        let content = """
            <h1>\(HTML.escape(workflowID))</h1>
            <div data-live-events="/events/workflow\(HTML.escape(parameters))" \
            data-live-fragment="/fragments/workflow\(HTML.escape(parameters))">
            \(body(snapshot))
            </div>
            """
        return PageLayout.page(title: workflowID, content: content, live: true)
    }

    /// Everything below the heading.
    func body(_ snapshot: Snapshot) -> String {
        var html = ""
        if snapshot.record.workflowType == RoutingWorkflow.workflowType { html += routedQuestion(snapshot) }
        html += summary(snapshot)
        if snapshot.record.status == .running { html += actions(snapshot) }
        if let pending = snapshot.description?.pendingActivities, !pending.isEmpty { html += pendingTable(pending) }
        if let events = snapshot.events {
            html += "<h2>Timeline</h2>"
            html += TimelineDrawing(events: events, pending: snapshot.description?.pendingActivities ?? [], now: Date()).svg()
            html += """
                <p class="legend"><span>grey: waiting</span><span>orange: failed attempts and backoff</span>\
                <span>blue: running</span><span>green: done</span><span>red: failed</span><span>purple: signals, markers</span></p>
                """
            html += history(events)
        }
        return html
    }

    private func routedQuestion(_ snapshot: Snapshot) -> String {
        guard let events = snapshot.events else { return "" }
        var html = ""
        if let request = try? events.first?.attributes.input?.decode(RouteRequest.self) {
            html += "<h2>Question</h2><p class=\"question\">\(HTML.escape(request.question))</p>"
        }
        let steps = RouteProgressReporter.lines(for: events, workflowID: workflowID)
        html += "<h2>Progress</h2><ol class=\"steps\">"
        html += steps.map { "<li>\(HTML.escape($0.trimmingCharacters(in: .whitespaces)))</li>" }.joined()
        for activity in snapshot.description?.pendingActivities ?? [] {
            guard let failure = activity.lastFailure, let next = activity.nextAttemptTime else { continue }
            html += "<li>\(HTML.escape(failure.message)) (attempt \(activity.attempt - 1)), next try in "
                + "\(ConsoleFormat.duration(next.timeIntervalSinceNow))</li>"
        }
        html += "</ol>"
        if let result = try? snapshot.description?.result?.decode(RouteResult.self) {
            html += "<h2>Answer</h2><div class=\"answer\" id=\"answer\">\(HTML.escape(result.rendered))</div>"
        }
        return html
    }

    private func summary(_ snapshot: Snapshot) -> String {
        let record = snapshot.record
        let end = record.closeTime ?? Date()
        var rows: [(String, String)] = [
            ("Type", HTML.escape(record.workflowType)),
            ("Status", "<span class=\"status status-\(record.status.rawValue)\">\(record.status.rawValue.lowercased())</span>"),
            ("Run", HTML.escape(record.runID)),
            ("Started", ConsoleFormat.time(record.startTime)),
        ]
        if let close = record.closeTime { rows.append(("Closed", ConsoleFormat.time(close))) }
        rows.append((record.closeTime == nil ? "Running for" : "Duration", ConsoleFormat.duration(end.timeIntervalSince(record.startTime))))
        rows.append(("History", "\(record.historyLength) events"))
        if let unreadable = snapshot.unreadable {
            rows.append(("Input", "<em>\(HTML.escape(unreadable))</em>"))
        } else if let input = snapshot.events?.first?.attributes.input {
            rows.append(("Input", "<pre>\(HTML.escape(Self.pretty(input)))</pre>"))
        }
        if let result = snapshot.description?.result { rows.append(("Result", "<pre>\(HTML.escape(Self.pretty(result)))</pre>")) }
        if let failure = snapshot.description?.failure { rows.append(("Failure", "<pre>\(HTML.escape(failure.description))</pre>")) }
        if record.status != .running, snapshot.description?.failure == nil,
           let reason = snapshot.events?.last?.attributes.reason {
            rows.append(("Reason", HTML.escape(reason)))
        }
        return "<h2>Summary</h2><dl class=\"summary\">" + rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined() + "</dl>"
    }

    private func pendingTable(_ pending: [PendingActivity]) -> String {
        var html = """
            <h2>Pending activities</h2><div class="table-wrap"><table id="pending"><thead><tr><th>Activity</th><th>State</th>\
            <th>Attempt</th><th>Last failure</th><th>Next try</th></tr></thead><tbody>
            """
        for activity in pending {
            let next = activity.nextAttemptTime.map { "in \(ConsoleFormat.duration($0.timeIntervalSinceNow))" } ?? ""
            html += """
                <tr><td>\(HTML.escape(activity.activityType)) #\(HTML.escape(activity.activityID))</td>\
                <td>\(HTML.escape(activity.state))</td><td>\(activity.attempt)</td>\
                <td>\(HTML.escape(activity.lastFailure?.description ?? ""))</td><td>\(next)</td></tr>
                """
        }
        return html + "</tbody></table></div>"
    }

    private func history(_ events: [HistoryEvent]) -> String {
        guard let start = events.first?.eventTime else { return "" }
        var html = """
            <h2>History</h2><div class="table-wrap"><table id="history"><thead><tr><th>#</th><th>Time</th><th>Event</th>\
            <th>Attributes</th></tr></thead><tbody>
            """
        for event in events {
            let json = PrettyJSON.html(TemporalJSON.event(of: event, workflowID: workflowID))
            let a = event.attributes
            let headline = a.activityType ?? a.signalName ?? a.markerName ?? a.timerID.map { "timer \($0)" } ?? ""
            html += """
                <tr><td>\(event.eventID)</td><td>+\(ConsoleFormat.duration(event.eventTime.timeIntervalSince(start)))</td>\
                <td>\(HTML.escape(event.eventType.rawValue))</td><td><details id="event-\(event.eventID)">\
                <summary>\(HTML.escape(headline.isEmpty ? "attributes" : headline))</summary>\
                <pre>\(json)</pre></details></td></tr>
                """
        }
        return html + "</tbody></table></div>"
    }

    /// A payload's JSON, indented when it parses.
    static func pretty(_ payload: Payload) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(payload.data), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys,
                                                                                       .withoutEscapingSlashes, .fragmentsAllowed])
        else { return payload.json }
        return String(decoding: data, as: UTF8.self)
    }
}
