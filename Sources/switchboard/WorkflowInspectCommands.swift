import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow

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

    func run() throws {
        var filter = WorkflowListFilter(workflowType: workflowType)
        if let status {
            guard let parsed = WorkflowStatus(rawValue: status.uppercased()) else {
                throw ValidationError("unknown status '\(status)'; use one of \(WorkflowStatus.allCases.map { $0.rawValue.lowercased() }.joined(separator: ", "))")
            }
            filter.status = parsed
        }
        if let since { filter.startedAfter = Date().addingTimeInterval(-since) }
        let page = try WorkflowClient(store: database.openStore()).list(filter: filter, pageSize: max(1, limit), pageToken: pageToken)
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

/// `workflow describe`: status, pending activities (attempt, last failure, next retry) and timers.
struct WorkflowDescribeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "describe", abstract: "Show a workflow's status and pending work.")

    @OptionGroup var target: WorkflowTarget

    func run() throws {
        let description = try WorkflowClient(store: target.database.openStore()).describe(workflowID: target.workflowID)
        if target.output == .json {
            print(TemporalJSON.text(TemporalJSON.describe(description), pretty: true))
            return
        }
        let record = description.record
        print("Workflow   \(record.workflowID)  (run \(record.runID))")
        print("Type       \(record.workflowType)")
        print("Status     \(record.status.rawValue)")
        print("Started    \(TemporalJSON.time(record.startTime))")
        if let close = record.closeTime { print("Closed     \(TemporalJSON.time(close))") }
        print("History    \(record.historyLength) events")
        for activity in description.pendingActivities {
            var line = "Pending    activity \(activity.activityID) \(activity.activityType): \(activity.state), attempt \(activity.attempt)"
            if let next = activity.nextAttemptTime { line += ", next try in \(RouteProgressReporter.format(max(0, next.timeIntervalSinceNow)))" }
            print(line)
            if let failure = activity.lastFailure { print("           last failure: \(failure)") }
        }
        for timer in description.pendingTimers { print("Timer      \(timer.timerID) fires at \(TemporalJSON.time(timer.fireTime))") }
        if let result = description.result { print("Result     \(result.json)") }
        if let failure = description.failure { print("Failure    \(failure)") }
    }
}

/// `workflow show`: the event history; `-o json` in the shape of `temporal workflow show -o json`.
struct WorkflowShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print a workflow's event history.")

    @OptionGroup var target: WorkflowTarget

    @Option(name: .customLong("run-id"), help: "A specific run (default: the latest).")
    var runID: String?

    func run() throws {
        let events = try WorkflowClient(store: target.database.openStore()).history(workflowID: target.workflowID, runID: runID)
        if target.output == .json {
            print(TemporalJSON.text(TemporalJSON.history(events, workflowID: target.workflowID)))
            return
        }
        for event in events {
            var detail = event.attributes.activityType ?? event.attributes.signalName ?? event.attributes.markerName ?? ""
            if let attempt = event.attributes.attempt, event.eventType == .activityTaskStarted { detail += "attempt \(attempt)" }
            if let failure = event.attributes.failure ?? event.attributes.lastFailure { detail += (detail.isEmpty ? "" : "  ") + "\(failure)" }
            print(pad(String(event.eventID), 5) + pad(TemporalJSON.time(event.eventTime), 30) + pad(event.eventType.rawValue, 36) + detail)
        }
    }
}

/// `workflow result`: waits for the workflow and prints its result.
struct WorkflowResultCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "result", abstract: "Wait for a workflow and print its result.")

    @OptionGroup var target: WorkflowTarget

    @Option(help: "Give up after this many seconds (default: wait as long as it takes).")
    var timeout: Double?

    func run() async throws {
        let client = WorkflowClient(store: try target.database.openStore())
        let payload: JSONValueBox
        do {
            payload = try await client.result(workflowID: target.workflowID, as: JSONValueBox.self, timeout: timeout.map { .seconds($0) })
        } catch let failure as WorkflowFailed {
            note("error: \(failure)")
            throw ExitCodes.workflowFailed
        }
        if target.output == .json {
            print(String(decoding: payload.json, as: UTF8.self))
        } else if let routed = try? JSONDecoder().decode(RouteResult.self, from: payload.json) {
            print(routed.rendered)
        } else if let text = try? JSONDecoder().decode(String.self, from: payload.json) {
            print(text)
        } else {
            print(String(decoding: payload.json, as: UTF8.self))
        }
    }
}

/// Any JSON value, kept as its bytes.
struct JSONValueBox: Decodable, Sendable {
    let json: Data

    init(from decoder: any Decoder) throws {
        json = try JSONEncoder().encode(try AnyJSON(from: decoder))
    }
}

/// Decodes and re-encodes any JSON value.
enum AnyJSON: Codable {
    case null, bool(Bool), number(Double), string(String), array([AnyJSON]), object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([AnyJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: AnyJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// Left-aligns `text` in a column of `width`.
func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
}
