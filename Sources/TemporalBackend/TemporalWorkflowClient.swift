import DurableEngine
import Foundation
import RandomID
import SwiftProtobuf
import TemporalProtos

/// Starts workflows on a Temporal cluster and reads, signals, queries, cancels and terminates
/// them: the counterpart of `WorkflowClient` for the Temporal backend, with the same values.
public struct TemporalWorkflowClient: Sendable {
    public let connection: TemporalConnection
    var settings: TemporalSettings { connection.settings }
    /// Payloads as this client sends and reads them (sealed when the settings' codec has a key).
    var payloads: TemporalPayloads { TemporalPayloads(codec: settings.codec) }

    public init(connection: TemporalConnection) {
        self.connection = connection
    }

    /// Starts `W` with `input` under `id` (a new UUID when nil), with a fresh request ID (so a
    /// retried call starts one run) and the ID policies.
    /// - Throws: `TemporalError` naming the server's refusal (a running run with this ID, say).
    @discardableResult
    public func start<W: WorkflowDefinition>(
        _ workflow: W.Type, input: W.Input, id: String? = nil, conflictPolicy: WorkflowIDConflictPolicy = .fail,
        reusePolicy: WorkflowIDReusePolicy = .allowDuplicate
    ) async throws -> WorkflowExecution {
        var request = Temporal_Api_Workflowservice_V1_StartWorkflowExecutionRequest()
        request.namespace = settings.namespace
        request.workflowID = id ?? RandomID.timeOrderedUUID()
        request.workflowType.name = W.workflowType
        request.taskQueue = .normal(settings.taskQueue)
        request.input = try payloads.payloads(try Payload(encoding: input))
        request.identity = settings.identity
        request.requestID = RandomID.uuid()
        request.workflowIDReusePolicy = switch reusePolicy {
        case .allowDuplicate: .allowDuplicate
        case .allowDuplicateFailedOnly: .allowDuplicateFailedOnly
        case .rejectDuplicate: .rejectDuplicate
        }
        request.workflowIDConflictPolicy = switch conflictPolicy {
        case .fail: .fail
        case .useExisting: .useExisting
        case .terminateExisting: .terminateExisting
        }
        let answer = try await connection.call("StartWorkflowExecution") { service, options in
            try await service.startWorkflowExecution(request, options: options)
        }
        return WorkflowExecution(workflowID: request.workflowID, runID: answer.runID, started: answer.started)
    }

    /// Waits for the workflow to close (long-polling its close event, following continue-as-new)
    /// and returns its result; `runID` starts from that run instead of the latest.
    /// - Throws: `WorkflowFailed` when it failed, was cancelled, terminated or timed out;
    ///   `TemporalError` on timeout or when the server cannot be asked.
    public func result<O: Decodable>(workflowID: String, runID: String? = nil, as type: O.Type,
                                     timeout: Duration? = nil) async throws -> O {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        var runID = runID ?? ""
        var connectionRetries = 0
        while true {
            try Task.checkCancellation()
            var request = Temporal_Api_Workflowservice_V1_GetWorkflowExecutionHistoryRequest()
            request.namespace = settings.namespace
            request.execution.workflowID = workflowID
            request.execution.runID = runID
            request.waitNewEvent = true
            request.historyEventFilterType = .closeEvent
            var wait = TemporalConnection.pollTimeout
            if let deadline {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { throw TemporalError.protocolViolation("workflow \(workflowID) is still running after the timeout") }
                wait = min(wait, left)
            }
            let page: Temporal_Api_Workflowservice_V1_GetWorkflowExecutionHistoryResponse
            do {
                page = try await connection.call("GetWorkflowExecutionHistory", timeout: wait) { service, options in
                    try await service.getWorkflowExecutionHistory(request, options: options)
                }
            } catch TemporalError.call(_, _, "deadlineExceeded", _) where deadline != nil {
                continue   // the loop's check reports the timeout
            } catch TemporalError.call(_, _, "notFound", _) {
                throw TemporalError.workflowNotFound(workflowID: workflowID, namespace: settings.namespace)
            } catch let error as TemporalError where error.isTransient && connectionRetries < 5 {
                // A long poll cut by the server recycling its connection: ask again after a pause.
                connectionRetries += 1
                try await Task.sleep(for: .milliseconds(200 * connectionRetries))
                continue
            }
            connectionRetries = 0
            guard let close = page.history.events.last else { continue }   // the long poll ran out: ask again
            switch close.attributes {
            case .workflowExecutionCompletedEventAttributes(let completed):
                return try payloads.first(completed.result, what: "the result of \(workflowID)").decode(O.self)
            case .workflowExecutionContinuedAsNewEventAttributes(let continued):
                runID = continued.newExecutionRunID
            case .workflowExecutionFailedEventAttributes(let failed):
                throw WorkflowFailed(workflowID: workflowID, status: .failed, message: payloads.failureInfo(failed.failure).message)
            case .workflowExecutionCanceledEventAttributes:
                throw WorkflowFailed(workflowID: workflowID, status: .canceled, message: "the workflow was cancelled")
            case .workflowExecutionTerminatedEventAttributes(let terminated):
                throw WorkflowFailed(workflowID: workflowID, status: .terminated,
                                     message: terminated.reason.isEmpty ? "terminated" : terminated.reason)
            case .workflowExecutionTimedOutEventAttributes:
                throw WorkflowFailed(workflowID: workflowID, status: .failed, message: "the workflow timed out")
            default:
                throw TemporalError.protocolViolation("event \(close.eventType) where the close event of \(workflowID) was expected")
            }
        }
    }

    /// Sends signal `name` with raw JSON (nil: no payload), as the CLI does.
    public func signal(workflowID: String, name: String, json: String?) async throws {
        var request = Temporal_Api_Workflowservice_V1_SignalWorkflowExecutionRequest()
        request.namespace = settings.namespace
        request.workflowExecution.workflowID = workflowID
        request.signalName = name
        request.identity = settings.identity
        request.requestID = RandomID.uuid()
        if let json {
            guard (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) != nil else {
                throw TemporalError.badSetting("the signal payload is not valid JSON: \(json)")
            }
            request.input = try payloads.payloads(Payload(data: Array(json.utf8)))
        }
        try await mapNotFound(workflowID) {
            _ = try await connection.call("SignalWorkflowExecution") { service, options in
                try await service.signalWorkflowExecution(request, options: options)
            }
        }
    }

    /// The raw JSON of the value the workflow published under `name`, or nil. A worker answers
    /// by replaying the history.
    public func queryJSON(workflowID: String, name: String) async throws -> String? {
        var request = Temporal_Api_Workflowservice_V1_QueryWorkflowRequest()
        request.namespace = settings.namespace
        request.execution.workflowID = workflowID
        request.query.queryType = name
        let answer = try await mapNotFound(workflowID) {
            try await connection.call("QueryWorkflow") { service, options in
                try await service.queryWorkflow(request, options: options)
            }
        }
        if answer.hasQueryRejected {
            throw TemporalError.protocolViolation("the query was rejected: the workflow is \(answer.queryRejected.status)")
        }
        let value = try payloads.first(answer.queryResult, what: "the answer to query \(name)")
        return value.data.elementsEqual("null".utf8) ? nil : value.json
    }

    /// Runs matching `filter`, newest first, from the visibility API.
    public func list(filter: WorkflowListFilter = .init(), pageSize: Int = 50, pageToken: String? = nil) async throws -> WorkflowPage {
        var request = Temporal_Api_Workflowservice_V1_ListWorkflowExecutionsRequest()
        request.namespace = settings.namespace
        request.pageSize = Int32(clamping: max(1, pageSize))
        if let pageToken {
            guard let token = Data(base64Encoded: pageToken) else { throw TemporalError.badSetting("the page token is not one list gave") }
            request.nextPageToken = token
        }
        request.query = Self.visibilityQuery(filter)
        let answer = try await connection.call("ListWorkflowExecutions") { service, options in
            try await service.listWorkflowExecutions(request, options: options)
        }
        return WorkflowPage(records: answer.executions.map(Self.record),
                            nextPageToken: answer.nextPageToken.isEmpty ? nil : answer.nextPageToken.base64EncodedString())
    }

    /// Requests cancellation; the workflow sees it at its next await and ends as cancelled.
    public func cancel(workflowID: String, reason: String = "cancelled by request") async throws {
        var request = Temporal_Api_Workflowservice_V1_RequestCancelWorkflowExecutionRequest()
        request.namespace = settings.namespace
        request.workflowExecution.workflowID = workflowID
        request.identity = settings.identity
        request.requestID = RandomID.uuid()
        request.reason = reason
        try await mapNotFound(workflowID) {
            _ = try await connection.call("RequestCancelWorkflowExecution") { service, options in
                try await service.requestCancelWorkflowExecution(request, options: options)
            }
        }
    }

    /// Ends the workflow at once.
    public func terminate(workflowID: String, reason: String = "terminated by request") async throws {
        var request = Temporal_Api_Workflowservice_V1_TerminateWorkflowExecutionRequest()
        request.namespace = settings.namespace
        request.workflowExecution.workflowID = workflowID
        request.identity = settings.identity
        request.reason = reason
        try await mapNotFound(workflowID) {
            _ = try await connection.call("TerminateWorkflowExecution") { service, options in
                try await service.terminateWorkflowExecution(request, options: options)
            }
        }
    }

    /// A run's full history (the latest run's when `runID` is nil) in Temporal's own JSON form
    /// (as `temporal workflow show -o json`).
    public func historyJSON(workflowID: String, runID: String? = nil) async throws -> String {
        var full = Temporal_Api_History_V1_History()
        full.events = try await history(workflowID: workflowID, runID: runID).events
        return try full.jsonString()
    }

    /// A run's history (the latest run's when `runID` is nil), one line per event, for `workflow show`.
    public func historyLines(workflowID: String, runID: String? = nil) async throws -> [TemporalHistoryLine] {
        try await history(workflowID: workflowID, runID: runID).events.map { event in
            var detail: [String] = []
            switch event.attributes {
            case .activityTaskScheduledEventAttributes(let scheduled): detail.append(scheduled.activityType.name)
            case .activityTaskStartedEventAttributes(let started): detail.append("attempt \(started.attempt)")
            case .activityTaskFailedEventAttributes(let failed): detail.append("\(payloads.failureInfo(failed.failure))")
            case .workflowTaskFailedEventAttributes(let failed): detail.append("\(failed.cause): \(failed.failure.message)")
            case .timerStartedEventAttributes(let timer): detail.append("timer \(timer.timerID)")
            case .markerRecordedEventAttributes(let marker): detail.append(marker.markerName)
            case .workflowExecutionSignaledEventAttributes(let signal): detail.append(signal.signalName)
            case .workflowExecutionFailedEventAttributes(let failed): detail.append("\(payloads.failureInfo(failed.failure))")
            case .workflowExecutionTerminatedEventAttributes(let terminated): detail.append(terminated.reason)
            default: break
            }
            // EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> ActivityTaskScheduled
            let words = "\(event.eventType)"
            let type = words.prefix(1).uppercased() + words.dropFirst()
            return TemporalHistoryLine(eventID: Int(event.eventID), time: event.eventTime.date, type: type,
                                       detail: detail.joined(separator: "  "))
        }
    }

    /// A run's events (the latest run's when `runID` is nil), paged in, and how many pages the
    /// server sent them in.
    func history(workflowID: String, runID: String? = nil) async throws -> (events: [THistoryEvent], pages: Int) {
        var events: [THistoryEvent] = []
        var pages = 0
        var token = Data()
        repeat {
            var request = Temporal_Api_Workflowservice_V1_GetWorkflowExecutionHistoryRequest()
            request.namespace = settings.namespace
            request.execution.workflowID = workflowID
            request.execution.runID = runID ?? ""
            request.nextPageToken = token
            let page = try await mapNotFound(workflowID, runID: runID) {
                try await connection.call("GetWorkflowExecutionHistory") { service, options in
                    try await service.getWorkflowExecutionHistory(request, options: options)
                }
            }
            events.append(contentsOf: page.history.events)
            pages += 1
            token = page.nextPageToken
        } while !token.isEmpty
        return (events, pages)
    }

    func mapNotFound<T: Sendable>(_ workflowID: String, runID: String? = nil, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch TemporalError.call(_, _, "notFound", let message) where message.lowercased().contains("workflow") {
            throw TemporalError.workflowNotFound(workflowID: runID.map { "\(workflowID) (run \($0))" } ?? workflowID,
                                                 namespace: settings.namespace)
        }
    }

    static func record(_ info: Temporal_Api_Workflow_V1_WorkflowExecutionInfo) -> WorkflowRecord {
        let status: WorkflowStatus = switch info.status {
        case .completed: .completed
        case .failed, .timedOut: .failed
        case .canceled: .canceled
        case .terminated: .terminated
        case .continuedAsNew: .continuedAsNew
        default: .running
        }
        return WorkflowRecord(workflowID: info.execution.workflowID, runID: info.execution.runID, workflowType: info.type.name,
                              status: status, startTime: info.startTime.date, closeTime: info.hasCloseTime ? info.closeTime.date : nil,
                              historyLength: Int(info.historyLength))
    }

    /// A visibility query for `filter` (empty: every run).
    static func visibilityQuery(_ filter: WorkflowListFilter) -> String {
        var clauses: [String] = []
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "\\'") + "'" }
        if let type = filter.workflowType { clauses.append("WorkflowType = \(quoted(type))") }
        if let status = filter.status {
            let name = status == .continuedAsNew ? "ContinuedAsNew" : status.rawValue.prefix(1) + status.rawValue.dropFirst().lowercased()
            clauses.append("ExecutionStatus = \(quoted(String(name)))")
        }
        let dates = ISO8601DateFormatter()
        if let after = filter.startedAfter { clauses.append("StartTime >= \(quoted(dates.string(from: after)))") }
        if let before = filter.startedBefore { clauses.append("StartTime < \(quoted(dates.string(from: before)))") }
        return clauses.joined(separator: " AND ")
    }
}
