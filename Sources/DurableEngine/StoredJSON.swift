/// The JSON the store writes for event attributes, activity options and failures, written by
/// hand instead of through `JSONEncoder`, whose generic machinery was the largest single cost
/// of recording a workflow step. The bytes are what `Payload(encoding:)` writes for the same
/// value (sorted keys, unescaped slashes, absent optionals left out), and they decode with the
/// types' ordinary `Codable` conformances, so older and newer histories read the same way.
enum StoredJSON {
    /// A value JSON cannot hold (NaN or an infinity).
    struct InvalidValue: Error, CustomStringConvertible {
        let field: String
        var description: String { "\(field) is not a finite number and cannot be recorded" }
    }

    static func encode(_ attributes: EventAttributes) throws -> [UInt8] {
        var writer = JSONBytesWriter()
        try write(attributes, to: &writer)
        return writer.bytes
    }

    static func encode(_ options: ActivityOptions) throws -> [UInt8] {
        var writer = JSONBytesWriter()
        try write(options, to: &writer)
        return writer.bytes
    }

    static func encode(_ failure: ActivityFailureInfo) -> [UInt8] {
        var writer = JSONBytesWriter()
        write(failure, to: &writer)
        return writer.bytes
    }

    private static func write(_ value: EventAttributes, to writer: inout JSONBytesWriter) throws {
        writer.beginObject()
        if let activityID = value.activityID { writer.key("activityID"); writer.string(activityID) }
        if let activityType = value.activityType { writer.key("activityType"); writer.string(activityType) }
        if let attempt = value.attempt { writer.key("attempt"); writer.integer(attempt) }
        if let runID = value.continuedExecutionRunID { writer.key("continuedExecutionRunID"); writer.string(runID) }
        if let details = value.details { writer.key("details"); writer.base64(details.data) }
        if let failure = value.failure { writer.key("failure"); write(failure, to: &writer) }
        if let identity = value.identity { writer.key("identity"); writer.string(identity) }
        if let input = value.input { writer.key("input"); writer.base64(input.data) }
        if let lastFailure = value.lastFailure { writer.key("lastFailure"); write(lastFailure, to: &writer) }
        if let markerName = value.markerName { writer.key("markerName"); writer.string(markerName) }
        if let runID = value.newExecutionRunID { writer.key("newExecutionRunID"); writer.string(runID) }
        if let options = value.options { writer.key("options"); try write(options, to: &writer) }
        if let reason = value.reason { writer.key("reason"); writer.string(reason) }
        if let result = value.result { writer.key("result"); writer.base64(result.data) }
        if let eventID = value.scheduledEventID { writer.key("scheduledEventID"); writer.integer(eventID) }
        if let signalName = value.signalName { writer.key("signalName"); writer.string(signalName) }
        if let timeout = value.startToFireTimeout { writer.key("startToFireTimeout"); write(timeout, to: &writer) }
        if let timerID = value.timerID { writer.key("timerID"); writer.string(timerID) }
        if let workflowType = value.workflowType { writer.key("workflowType"); writer.string(workflowType) }
        writer.endObject()
    }

    private static func write(_ value: ActivityOptions, to writer: inout JSONBytesWriter) throws {
        writer.beginObject()
        if let timeout = value.heartbeatTimeout { writer.key("heartbeatTimeout"); write(timeout, to: &writer) }
        writer.key("retryPolicy")
        try write(value.retryPolicy, to: &writer)
        if let timeout = value.scheduleToCloseTimeout { writer.key("scheduleToCloseTimeout"); write(timeout, to: &writer) }
        if let timeout = value.startToCloseTimeout { writer.key("startToCloseTimeout"); write(timeout, to: &writer) }
        writer.endObject()
    }

    private static func write(_ value: RetryPolicy, to writer: inout JSONBytesWriter) throws {
        guard value.backoffCoefficient.isFinite else { throw InvalidValue(field: "retryPolicy.backoffCoefficient") }
        writer.beginObject()
        writer.key("backoffCoefficient")
        writer.double(value.backoffCoefficient)
        writer.key("initialInterval")
        write(value.initialInterval, to: &writer)
        writer.key("maximumAttempts")
        writer.integer(value.maximumAttempts)
        if let interval = value.maximumInterval { writer.key("maximumInterval"); write(interval, to: &writer) }
        writer.key("nonRetryableErrorTypes")
        writer.beginArray()
        for type in value.nonRetryableErrorTypes { writer.string(type) }
        writer.endArray()
        writer.endObject()
    }

    private static func write(_ value: ActivityFailureInfo, to writer: inout JSONBytesWriter) {
        writer.beginObject()
        writer.key("message")
        writer.string(value.message)
        if let delay = value.nextRetryDelay { writer.key("nextRetryDelay"); write(delay, to: &writer) }
        writer.key("nonRetryable")
        writer.bool(value.nonRetryable)
        writer.key("type")
        writer.string(value.type)
        writer.endObject()
    }

    /// A Duration as its Codable form: the 128-bit attosecond count as [high Int64, low UInt64].
    private static func write(_ value: Duration, to writer: inout JSONBytesWriter) {
        let (seconds, attoseconds) = value.components
        let total = Int128(seconds) * 1_000_000_000_000_000_000 + Int128(attoseconds)
        writer.beginArray()
        writer.integer(Int64(truncatingIfNeeded: total >> 64))
        writer.integer(UInt64(truncatingIfNeeded: total))
        writer.endArray()
    }
}
