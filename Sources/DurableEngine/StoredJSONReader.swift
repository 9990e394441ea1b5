import Foundation
import JSONBytes

/// Reads back the event attributes `StoredJSON` writes, without `JSONDecoder`, whose generic
/// machinery was the largest cost of reading a history (a progress reader reads one after each
/// step of its run). It reads exactly the shapes `StoredJSON` writes; anything else (an older
/// or hand-made record, a key it does not know) gives nil, and the caller decodes with
/// `JSONDecoder` as before, so nothing that decoded before is refused.
struct StoredJSONReader {
    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The attributes in `json`, or nil to leave it to `JSONDecoder`.
    static func attributes(_ json: [UInt8]) -> EventAttributes? {
        var reader = StoredJSONReader(json)
        guard let attributes = reader.attributes() else { return nil }
        reader.skipSpace()
        return reader.index == json.count ? attributes : nil
    }

    // MARK: - The engine's records

    private mutating func attributes() -> EventAttributes? {
        var value = EventAttributes()
        let complete = object { reader, key in
            switch key {
            case "activityID": return reader.string().map { value.activityID = $0 } != nil
            case "activityType": return reader.string().map { value.activityType = $0 } != nil
            case "attempt": return reader.int().map { value.attempt = $0 } != nil
            case "continuedExecutionRunID": return reader.string().map { value.continuedExecutionRunID = $0 } != nil
            case "details": return reader.payload().map { value.details = $0 } != nil
            case "failure": return reader.failure().map { value.failure = $0 } != nil
            case "identity": return reader.string().map { value.identity = $0 } != nil
            case "input": return reader.payload().map { value.input = $0 } != nil
            case "lastFailure": return reader.failure().map { value.lastFailure = $0 } != nil
            case "markerName": return reader.string().map { value.markerName = $0 } != nil
            case "newExecutionRunID": return reader.string().map { value.newExecutionRunID = $0 } != nil
            case "options": return reader.options().map { value.options = $0 } != nil
            case "reason": return reader.string().map { value.reason = $0 } != nil
            case "result": return reader.payload().map { value.result = $0 } != nil
            case "scheduledEventID": return reader.int().map { value.scheduledEventID = $0 } != nil
            case "signalName": return reader.string().map { value.signalName = $0 } != nil
            case "startToFireTimeout": return reader.duration().map { value.startToFireTimeout = $0 } != nil
            case "timerID": return reader.string().map { value.timerID = $0 } != nil
            case "workflowType": return reader.string().map { value.workflowType = $0 } != nil
            default: return false
            }
        }
        return complete ? value : nil
    }

    private mutating func failure() -> ActivityFailureInfo? {
        var (type, message, nonRetryable, delay): (String?, String?, Bool?, Duration?) = (nil, nil, nil, nil)
        let complete = object { reader, key in
            switch key {
            case "type": return reader.string().map { type = $0 } != nil
            case "message": return reader.string().map { message = $0 } != nil
            case "nonRetryable": return reader.bool().map { nonRetryable = $0 } != nil
            case "nextRetryDelay": return reader.duration().map { delay = $0 } != nil
            default: return false
            }
        }
        guard complete, let type, let message, let nonRetryable else { return nil }
        return ActivityFailureInfo(type: type, message: message, nonRetryable: nonRetryable, nextRetryDelay: delay)
    }

    private mutating func options() -> ActivityOptions? {
        var options = ActivityOptions()
        var policy: RetryPolicy?
        let complete = object { reader, key in
            switch key {
            case "heartbeatTimeout": return reader.duration().map { options.heartbeatTimeout = $0 } != nil
            case "scheduleToCloseTimeout": return reader.duration().map { options.scheduleToCloseTimeout = $0 } != nil
            case "startToCloseTimeout": return reader.duration().map { options.startToCloseTimeout = $0 } != nil
            case "retryPolicy": return reader.retryPolicy().map { policy = $0 } != nil
            default: return false
            }
        }
        guard complete, let policy else { return nil }
        options.retryPolicy = policy
        return options
    }

    private mutating func retryPolicy() -> RetryPolicy? {
        var (coefficient, initial, attempts, maximum, types): (Double?, Duration?, Int?, Duration?, [String]?) = (nil, nil, nil, nil, nil)
        let complete = object { reader, key in
            switch key {
            case "backoffCoefficient": return reader.double().map { coefficient = $0 } != nil
            case "initialInterval": return reader.duration().map { initial = $0 } != nil
            case "maximumAttempts": return reader.int().map { attempts = $0 } != nil
            case "maximumInterval": return reader.duration().map { maximum = $0 } != nil
            case "nonRetryableErrorTypes": return reader.strings().map { types = $0 } != nil
            default: return false
            }
        }
        guard complete, let coefficient, let initial, let attempts, let types else { return nil }
        return RetryPolicy(initialInterval: initial, backoffCoefficient: coefficient, maximumInterval: maximum,
                           maximumAttempts: attempts, nonRetryableErrorTypes: types)
    }

    /// A payload: its bytes as a base64 string.
    private mutating func payload() -> Payload? {
        guard let text = string(), let data = Data(base64Encoded: text) else { return nil }
        return Payload(data: Array(data))
    }

    /// A Duration as its Codable form: the attosecond count as [high Int64, low UInt64].
    private mutating func duration() -> Duration? {
        guard take(UInt8(ascii: "[")), let high = number().flatMap({ Int64($0) }), take(UInt8(ascii: ",")),
              let low = number().flatMap({ UInt64($0) }), take(UInt8(ascii: "]")) else { return nil }
        let total = Int128(high) << 64 | Int128(low)
        let perSecond: Int128 = 1_000_000_000_000_000_000
        return Duration(secondsComponent: Int64(total / perSecond), attosecondsComponent: Int64(total % perSecond))
    }

    // MARK: - JSON

    /// Reads an object, handing each key to `member`, which reads its value; false when the
    /// object is not well formed or `member` refused a key.
    private mutating func object(_ member: (inout StoredJSONReader, String) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = string(), take(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    private mutating func strings() -> [String]? {
        guard take(UInt8(ascii: "[")) else { return nil }
        var values: [String] = []
        if take(UInt8(ascii: "]")) { return values }
        repeat {
            guard let value = string() else { return nil }
            values.append(value)
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]")) ? values : nil
    }

    private mutating func int() -> Int? { number().flatMap { Int($0) } }

    private mutating func double() -> Double? { number().flatMap { Double($0) } }

    private mutating func bool() -> Bool? {
        skipSpace()
        for (word, value) in [("true", true), ("false", false)] where bytes[index...].starts(with: word.utf8) {
            index += word.utf8.count
            return value
        }
        return nil
    }

    /// The text of a number, for the caller to convert (which refuses what it cannot hold).
    private mutating func number() -> Substring? {
        skipSpace()
        let start = index
        guard index < bytes.count, bytes[index] != UInt8(ascii: "+") else { return nil }   // not JSON
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        return start == index ? nil : Substring(decoding: bytes[start..<index], as: UTF8.self)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// A string, its escapes undone; nil when it is not a well-formed JSON string.
    private mutating func string() -> String? {
        skipSpace()
        return StrictJSONParser.string(in: bytes, at: &index)
    }

    /// Consumes `byte` (after any whitespace); false when it is not next.
    private mutating func take(_ byte: UInt8) -> Bool {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
    }
}
