import Foundation

/// JSON in the shapes of the `temporal` CLI (`workflow show|describe|list -o json`), so that
/// jq habits and scripts carry over: `EVENT_TYPE_*` names, ids as strings, payloads as
/// `{"metadata":{"encoding":…},"data":…}`, durations like `"1.500s"`, RFC 3339 times.
public enum TemporalJSON {
    static let jsonEncoding = Data("json/plain".utf8).base64EncodedString()
    static var taskQueue: [String: Any] { ["name": "switchboard", "kind": "TASK_QUEUE_KIND_NORMAL"] }

    /// `{"events":[…]}` as `temporal workflow show -o json` prints it.
    public static func history(_ events: [HistoryEvent], workflowID: String) -> [String: Any] {
        ["events": events.map { event(of: $0, workflowID: workflowID) }]
    }

    /// One history event.
    public static func event(of event: HistoryEvent, workflowID: String) -> [String: Any] {
        let name = event.eventType.rawValue.prefix(1).lowercased() + event.eventType.rawValue.dropFirst() + "EventAttributes"
        return ["eventId": String(event.eventID), "eventTime": time(event.eventTime), "eventType": event.eventType.temporalName,
                "taskId": String(event.eventID), name: attributes(of: event, workflowID: workflowID)]
    }

    private static func attributes(of event: HistoryEvent, workflowID: String) -> [String: Any] {
        let a = event.attributes
        var out: [String: Any] = [:]
        switch event.eventType {
        case .workflowExecutionStarted:
            out = ["workflowType": ["name": a.workflowType ?? ""], "taskQueue": taskQueue, "attempt": 1, "workflowId": workflowID]
            out["input"] = payloads(a.input)
            if let previous = a.continuedExecutionRunID { out["continuedExecutionRunId"] = previous }
        case .activityTaskScheduled:
            out = ["activityId": a.activityID ?? "", "activityType": ["name": a.activityType ?? ""], "taskQueue": taskQueue]
            out["input"] = payloads(a.input)
            if let options = a.options {
                out["startToCloseTimeout"] = duration(options.startToCloseTimeout)
                out["scheduleToCloseTimeout"] = duration(options.scheduleToCloseTimeout)
                out["heartbeatTimeout"] = duration(options.heartbeatTimeout)
                out["retryPolicy"] = retryPolicy(options.retryPolicy)
            }
        case .activityTaskStarted:
            out = ["scheduledEventId": String(a.scheduledEventID ?? 0), "identity": a.identity ?? "", "attempt": a.attempt ?? 1]
            if let failure = a.lastFailure { out["lastFailure"] = self.failure(failure) }
        case .activityTaskCompleted:
            out = ["scheduledEventId": String(a.scheduledEventID ?? 0), "startedEventId": String(event.eventID - 1),
                   "identity": a.identity ?? ""]
            out["result"] = payloads(a.result)
        case .activityTaskFailed, .activityTaskTimedOut:
            out = ["scheduledEventId": String(a.scheduledEventID ?? 0), "startedEventId": String(event.eventID - 1),
                   "identity": a.identity ?? ""]
            if let failure = a.failure { out["failure"] = self.failure(failure, timedOut: event.eventType == .activityTaskTimedOut) }
            out["retryState"] = event.eventType == .activityTaskTimedOut ? "RETRY_STATE_TIMEOUT" : "RETRY_STATE_NON_RETRYABLE_FAILURE"
        case .timerStarted:
            out = ["timerId": a.timerID ?? "", "startToFireTimeout": duration(a.startToFireTimeout)]
        case .timerFired:
            out = ["timerId": a.timerID ?? "", "startedEventId": String(a.scheduledEventID ?? 0)]
        case .markerRecorded:
            out = ["markerName": a.markerName ?? ""]
            if let details = payloads(a.details) { out["details"] = ["data": details] }
        case .workflowExecutionSignaled:
            out = ["signalName": a.signalName ?? ""]
            out["input"] = payloads(a.input)
        case .workflowExecutionCancelRequested:
            out = ["cause": a.reason ?? ""]
        case .workflowExecutionCompleted:
            out["result"] = payloads(a.result)
        case .workflowExecutionFailed:
            if let failure = a.failure { out["failure"] = self.failure(failure) }
            out["retryState"] = "RETRY_STATE_RETRY_POLICY_NOT_SET"
        case .workflowExecutionCanceled:
            break
        case .workflowExecutionTerminated:
            out = ["reason": a.reason ?? ""]
        case .workflowExecutionContinuedAsNew:
            out = ["newExecutionRunId": a.newExecutionRunID ?? "", "workflowType": ["name": a.workflowType ?? ""],
                   "taskQueue": taskQueue]
            out["input"] = payloads(a.input)
        }
        return out
    }

    /// `temporal workflow describe -o json`: execution info, pending activities, result or failure.
    public static func describe(_ description: WorkflowDescription) -> [String: Any] {
        var out: [String: Any] = ["workflowExecutionInfo": executionInfo(description.record)]
        out["pendingActivities"] = description.pendingActivities.map { pending -> [String: Any] in
            var item: [String: Any] = [
                "activityId": pending.activityID, "activityType": ["name": pending.activityType],
                "state": pending.state == "started" ? "PENDING_ACTIVITY_STATE_STARTED" : "PENDING_ACTIVITY_STATE_SCHEDULED",
                "attempt": pending.attempt, "scheduledTime": time(pending.scheduledTime),
            ]
            if let failure = pending.lastFailure { item["lastFailure"] = self.failure(failure) }
            if let next = pending.nextAttemptTime { item["nextAttemptScheduleTime"] = time(next) }
            if let started = pending.lastStartedTime { item["lastStartedTime"] = time(started) }
            if let heartbeat = pending.lastHeartbeatTime { item["lastHeartbeatTime"] = time(heartbeat) }
            return item
        }
        out["pendingTimers"] = description.pendingTimers.map { ["timerId": $0.timerID, "fireTime": time($0.fireTime)] }
        if let result = description.result { out["result"] = shorthand(result) }
        if let failure = description.failure { out["failure"] = self.failure(failure) }
        return out
    }

    /// One `WorkflowExecutionInfo`, as `list -o json` prints them.
    public static func executionInfo(_ record: WorkflowRecord) -> [String: Any] {
        var info: [String: Any] = [
            "execution": ["workflowId": record.workflowID, "runId": record.runID], "type": ["name": record.workflowType],
            "startTime": time(record.startTime), "status": record.status.temporalName,
            "historyLength": String(record.historyLength), "taskQueue": "switchboard",
        ]
        if let close = record.closeTime {
            info["closeTime"] = time(close)
            info["executionDuration"] = String(format: "%.9fs", close.timeIntervalSince(record.startTime))
        }
        return info
    }

    /// Serializes with sorted keys (and pretty-printed when asked).
    public static func text(_ object: Any, pretty: Bool = false) -> String {
        var options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        if pretty { options.insert(.prettyPrinted) }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func payloads(_ payload: Payload?) -> [String: Any]? {
        guard let payload else { return nil }
        return ["payloads": [["metadata": ["encoding": jsonEncoding], "data": Data(payload.data).base64EncodedString()]]]
    }

    /// A JSON payload as its plain value (the CLI's "payload shorthand").
    static func shorthand(_ payload: Payload) -> Any {
        (try? JSONSerialization.jsonObject(with: Data(payload.data), options: [.fragmentsAllowed])) ?? payload.json
    }

    static func failure(_ failure: ActivityFailureInfo, timedOut: Bool = false) -> [String: Any] {
        if timedOut {
            return ["message": failure.message, "timeoutFailureInfo": ["timeoutType": "TIMEOUT_TYPE_START_TO_CLOSE"]]
        }
        var info: [String: Any] = ["type": failure.type]
        if failure.nonRetryable { info["nonRetryable"] = true }
        if let delay = failure.nextRetryDelay { info["nextRetryDelay"] = duration(delay) }
        return ["message": failure.message, "applicationFailureInfo": info]
    }

    static func retryPolicy(_ policy: RetryPolicy) -> [String: Any] {
        var out: [String: Any] = [
            "initialInterval": duration(policy.initialInterval), "backoffCoefficient": policy.backoffCoefficient,
            "maximumInterval": duration(policy.effectiveMaximumInterval),
        ]
        if policy.maximumAttempts > 0 { out["maximumAttempts"] = policy.maximumAttempts }
        if !policy.nonRetryableErrorTypes.isEmpty { out["nonRetryableErrorTypes"] = policy.nonRetryableErrorTypes }
        return out
    }

    static func duration(_ value: Duration?) -> String {
        guard let seconds = value?.seconds else { return "0s" }
        return seconds.rounded() == seconds ? "\(Int(seconds))s" : String(format: "%.3fs", seconds)
    }

    /// RFC 3339 in UTC with milliseconds, as `ISO8601DateFormatter` writes it with fractional
    /// seconds (`2026-12-07T17:43:30.123Z`), without making a formatter per call: a history page
    /// formats two times per event.
    public static func time(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        var seconds = time_t(Int64((milliseconds / 1000).rounded(.down)))
        let fraction = Int(milliseconds - Double(seconds) * 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
        }
        return "\(digits(parts.tm_year + 1900, 4))-\(digits(parts.tm_mon + 1, 2))-\(digits(parts.tm_mday, 2))T"
            + "\(digits(parts.tm_hour, 2)):\(digits(parts.tm_min, 2)):\(digits(parts.tm_sec, 2)).\(digits(Int32(fraction), 3))Z"
    }
}
