import JSONBytes

/// The JSON the store writes for event attributes, activity options and failures, written with
/// `JSONWriter` instead of through `JSONEncoder`, whose generic machinery was the largest single
/// cost of recording a workflow step. The bytes are what `Payload(encoding:)` writes for the
/// same value (sorted keys, unescaped slashes, absent optionals left out), and they decode with
/// the types' ordinary `Codable` conformances, so older and newer histories read the same way.
enum StoredJSON {
    /// A value JSON cannot hold (NaN or an infinity).
    struct InvalidValue: Error, CustomStringConvertible {
        let field: String
        var description: String { "\(field) is not a finite number and cannot be recorded" }
    }

    static func encode(_ attributes: EventAttributes) throws -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        try write(attributes, to: &writer)
        return writer.bytes
    }

    static func encode(_ options: ActivityOptions) throws -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        try write(options, to: &writer)
        return writer.bytes
    }

    static func encode(_ failure: ActivityFailureInfo) -> [UInt8] {
        var writer = JSONWriter(capacity: 128)
        write(failure, to: &writer)
        return writer.bytes
    }

    private static func write(_ value: EventAttributes, to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let activityID = value.activityID { writer.key("activityID", &first); writer.string(activityID) }
        if let activityType = value.activityType { writer.key("activityType", &first); writer.string(activityType) }
        if let attempt = value.attempt { writer.key("attempt", &first); writer.int(attempt) }
        if let runID = value.continuedExecutionRunID { writer.key("continuedExecutionRunID", &first); writer.string(runID) }
        if let details = value.details { writer.key("details", &first); writer.base64(details.data) }
        if let failure = value.failure { writer.key("failure", &first); write(failure, to: &writer) }
        if let identity = value.identity { writer.key("identity", &first); writer.string(identity) }
        if let input = value.input { writer.key("input", &first); writer.base64(input.data) }
        if let lastFailure = value.lastFailure { writer.key("lastFailure", &first); write(lastFailure, to: &writer) }
        if let markerName = value.markerName { writer.key("markerName", &first); writer.string(markerName) }
        if let runID = value.newExecutionRunID { writer.key("newExecutionRunID", &first); writer.string(runID) }
        if let options = value.options { writer.key("options", &first); try write(options, to: &writer) }
        if let reason = value.reason { writer.key("reason", &first); writer.string(reason) }
        if let result = value.result { writer.key("result", &first); writer.base64(result.data) }
        if let eventID = value.scheduledEventID { writer.key("scheduledEventID", &first); writer.int(eventID) }
        if let signalName = value.signalName { writer.key("signalName", &first); writer.string(signalName) }
        if let timeout = value.startToFireTimeout { writer.key("startToFireTimeout", &first); write(timeout, to: &writer) }
        if let timerID = value.timerID { writer.key("timerID", &first); writer.string(timerID) }
        if let workflowType = value.workflowType { writer.key("workflowType", &first); writer.string(workflowType) }
        writer.endObject()
    }

    private static func write(_ value: ActivityOptions, to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let timeout = value.heartbeatTimeout { writer.key("heartbeatTimeout", &first); write(timeout, to: &writer) }
        writer.key("retryPolicy", &first)
        try write(value.retryPolicy, to: &writer)
        if let timeout = value.scheduleToCloseTimeout { writer.key("scheduleToCloseTimeout", &first); write(timeout, to: &writer) }
        if let timeout = value.startToCloseTimeout { writer.key("startToCloseTimeout", &first); write(timeout, to: &writer) }
        writer.endObject()
    }

    private static func write(_ value: RetryPolicy, to writer: inout JSONWriter) throws {
        guard value.backoffCoefficient.isFinite else { throw InvalidValue(field: "retryPolicy.backoffCoefficient") }
        var first = writer.beginObject()
        writer.key("backoffCoefficient", &first)
        writer.double(value.backoffCoefficient)
        writer.key("initialInterval", &first)
        write(value.initialInterval, to: &writer)
        writer.key("maximumAttempts", &first)
        writer.int(value.maximumAttempts)
        if let interval = value.maximumInterval { writer.key("maximumInterval", &first); write(interval, to: &writer) }
        writer.key("nonRetryableErrorTypes", &first)
        writer.array(value.nonRetryableErrorTypes) { writer, type in writer.string(type) }
        writer.endObject()
    }

    private static func write(_ value: ActivityFailureInfo, to writer: inout JSONWriter) {
        var first = writer.beginObject()
        writer.key("message", &first)
        writer.string(value.message)
        if let delay = value.nextRetryDelay { writer.key("nextRetryDelay", &first); write(delay, to: &writer) }
        writer.key("nonRetryable", &first)
        writer.bool(value.nonRetryable)
        writer.key("type", &first)
        writer.string(value.type)
        writer.endObject()
    }

    /// A Duration as its Codable form: the 128-bit attosecond count as [high Int64, low UInt64].
    private static func write(_ value: Duration, to writer: inout JSONWriter) {
        let (seconds, attoseconds) = value.components
        let total = Int128(seconds) * 1_000_000_000_000_000_000 + Int128(attoseconds)
        let (high, low) = (Int64(truncatingIfNeeded: total >> 64), UInt64(truncatingIfNeeded: total))
        writer.raw(Array("[\(high),\(low)]".utf8))
    }
}
