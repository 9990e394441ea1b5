import DurableEngine
import Foundation

/// An SVG drawing of a run: one row per activity (waiting to start, its retries, the final
/// attempt), one per timer, the signals as marks and markers as vertical lines, on a shared
/// time axis from the start to the close (or now).
struct TimelineDrawing {
    let events: [HistoryEvent]
    let pending: [PendingActivity]
    let now: Date

    private static let width = 960.0
    private static let chartLeft = 190.0
    private static let chartRight = 940.0
    private static let rowHeight = 40.0
    private static let top = 28.0

    /// One horizontal row: its label and its segments.
    private struct Row {
        var label: String
        var segments: [(from: Date, to: Date, style: String, title: String)] = []
        var note = ""
        var marks: [(at: Date, title: String)] = []
        /// For an activity's row: its ID and options (the retry policy gives the backoff).
        var activityID: String?
        var options: ActivityOptions?
    }

    func svg() -> String {
        guard let start = events.first?.eventTime else { return "" }
        var rows: [Row] = []
        var activityRows: [Int: Int] = [:]   // scheduled event ID → row index
        var timerRows: [String: Int] = [:]
        var signals = Row(label: "signals")
        var markers: [(at: Date, name: String)] = []
        var end = start
        for event in events {
            end = max(end, event.eventTime)
            let a = event.attributes
            switch event.eventType {
            case .activityTaskScheduled:
                activityRows[event.eventID] = rows.count
                rows.append(Row(label: a.activityType ?? "activity", activityID: a.activityID, options: a.options))
                rows[rows.count - 1].segments.append((event.eventTime, event.eventTime, "wait", "scheduled"))
            case .activityTaskStarted:
                guard let index = a.scheduledEventID.flatMap({ activityRows[$0] }) else { continue }
                let scheduled = rows[index].segments[0].from
                let attempt = a.attempt ?? 1
                if attempt > 1 {
                    let backoff = a.lastFailure.flatMap { rows[index].options?.retryPolicy.delay(afterAttempt: attempt - 1, failure: $0) }
                    let summary = "\(attempt) attempts" + (backoff.map { " · backoff \(ConsoleFormat.duration($0.seconds))" } ?? "")
                        + " · last failure: \(a.lastFailure?.message ?? "unknown")"
                    rows[index].segments[0] = (scheduled, event.eventTime, "retry", summary)
                    rows[index].note = summary
                } else {
                    rows[index].segments[0] = (scheduled, event.eventTime, "wait", "waiting to start")
                }
                rows[index].segments.append((event.eventTime, event.eventTime, "run", "attempt \(attempt) running"))
            case .activityTaskCompleted, .activityTaskFailed, .activityTaskTimedOut:
                guard let index = a.scheduledEventID.flatMap({ activityRows[$0] }) else { continue }
                let last = rows[index].segments.count - 1
                let ok = event.eventType == .activityTaskCompleted
                let title = ok ? "completed" : "\(event.eventType == .activityTaskTimedOut ? "timed out" : "failed"): \(a.failure?.message ?? "")"
                rows[index].segments[last] = (rows[index].segments[last].from, event.eventTime, ok ? "ok" : "failed", title)
                if !ok { rows[index].note = title }
                activityRows[a.scheduledEventID ?? 0] = nil
            case .timerStarted:
                timerRows[a.timerID ?? ""] = rows.count
                var row = Row(label: "timer \(a.timerID ?? "")")
                row.segments.append((event.eventTime, now, "timer", "waiting (timer or signal)"))
                rows.append(row)
            case .timerFired:
                if let index = timerRows.removeValue(forKey: a.timerID ?? "") {
                    rows[index].segments[0].to = event.eventTime
                    rows[index].segments[0].title = "timer fired"
                }
            case .workflowExecutionSignaled:
                signals.marks.append((event.eventTime, "signal \(a.signalName ?? "")"))
                // A signal ends the wait that a timer bounded (the approval gate).
                for (_, index) in timerRows where rows[index].segments[0].to == now {
                    rows[index].segments[0].to = event.eventTime
                    rows[index].segments[0].title = "ended by signal \(a.signalName ?? "")"
                }
                timerRows.removeAll()
            case .markerRecorded:
                markers.append((event.eventTime, a.markerName ?? "marker"))
            default:
                break
            }
        }
        let closed = events.last?.eventType.isClosing ?? false
        if !closed { end = max(end, now) }
        // What is still open: running attempts, backoffs and their next try.
        for index in activityRows.values {
            let last = rows[index].segments.count - 1
            rows[index].segments[last].to = closed ? end : now
            if let info = pending.first(where: { $0.activityID == rows[index].activityID }),
               info.state == "backing-off", let next = info.nextAttemptTime {
                rows[index].segments[last].style = "retry"
                rows[index].segments[last].title = "attempt \(info.attempt - 1) failed: \(info.lastFailure?.message ?? "")"
                rows[index].segments.append((now, next, "wait", "next attempt at \(ConsoleFormat.time(next))"))
                rows[index].note = "attempt \(info.attempt) in \(ConsoleFormat.duration(next.timeIntervalSince(now))) · \(info.lastFailure?.message ?? "")"
                end = max(end, next)
            }
        }
        for index in timerRows.values where closed { rows[index].segments[0].to = end }
        if !signals.marks.isEmpty { rows.append(signals) }
        return draw(rows, markers: markers, start: start, end: end)
    }

    private func draw(_ rows: [Row], markers: [(at: Date, name: String)], start: Date, end: Date) -> String {
        let span = max(end.timeIntervalSince(start), 0.001)
        let height = Self.top + Double(rows.count) * Self.rowHeight + 12
        func x(_ date: Date) -> Double {
            Self.chartLeft + (Self.chartRight - Self.chartLeft) * min(max(date.timeIntervalSince(start) / span, 0), 1)
        }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }
        var svg = """
            <svg class="timeline" role="img" aria-label="Timeline of the run" viewBox="0 0 \(Int(Self.width)) \(Int(height))" \
            xmlns="http://www.w3.org/2000/svg">
            """
        let step = Self.tickStep(span)
        var tick = 0.0
        while tick <= span + step / 1000 {
            let position = Self.chartLeft + (Self.chartRight - Self.chartLeft) * tick / span
            svg += "<line class=\"axis\" x1=\"\(number(position))\" y1=\"18\" x2=\"\(number(position))\" y2=\"\(number(height - 8))\"/>"
            svg += "<text class=\"tick\" x=\"\(number(position))\" y=\"12\" text-anchor=\"middle\">\(HTML.escape(ConsoleFormat.duration(tick)))</text>"
            tick += step
        }
        for (index, row) in rows.enumerated() {
            let y = Self.top + Double(index) * Self.rowHeight
            svg += "<text class=\"label\" x=\"6\" y=\"\(number(y + 17))\">\(HTML.escape(String(row.label.prefix(26))))</text>"
            for segment in row.segments {
                let left = x(segment.from)
                let width = max(x(segment.to) - left, 2)
                svg += "<rect class=\"\(segment.style)\" x=\"\(number(left))\" y=\"\(number(y + 5))\" width=\"\(number(width))\" "
                    + "height=\"16\" rx=\"2\"><title>\(HTML.escape(segment.title))</title></rect>"
            }
            for mark in row.marks {
                svg += "<circle class=\"signal\" cx=\"\(number(x(mark.at)))\" cy=\"\(number(y + 13))\" r=\"6\">"
                    + "<title>\(HTML.escape(mark.title))</title></circle>"
            }
            if !row.note.isEmpty {
                svg += "<text class=\"note\" x=\"\(number(Self.chartLeft))\" y=\"\(number(y + 34))\">"
                    + "\(HTML.escape(String(row.note.prefix(120))))</text>"
            }
        }
        for marker in markers {
            let position = x(marker.at)
            svg += "<line class=\"marker\" x1=\"\(number(position))\" y1=\"18\" x2=\"\(number(position))\" y2=\"\(number(height - 8))\">"
                + "<title>\(HTML.escape(marker.name))</title></line>"
        }
        return svg + "</svg>"
    }

    /// A round tick interval that puts at most eight ticks on `span` seconds.
    static func tickStep(_ span: Double) -> Double {
        let steps = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800,
                     3600, 7200, 21_600, 43_200, 86_400]
        return steps.first { span / $0 <= 8 } ?? span / 8
    }
}
