import DurableEngine
import Foundation
import SwiftProtobuf
import TemporalProtos

typealias TPayload = Temporal_Api_Common_V1_Payload
typealias TPayloads = Temporal_Api_Common_V1_Payloads
typealias TFailure = Temporal_Api_Failure_V1_Failure

/// The engine's JSON payloads as Temporal payloads, the way the Python SDK's default converter
/// writes them: one payload per argument, `json/plain` with the JSON text, and `binary/null`
/// (no data) for null.
enum TemporalPayloads {
    static let encodingKey = "encoding"
    static let jsonPlain = Array("json/plain".utf8)
    static let binaryNull = Array("binary/null".utf8)

    /// One Temporal payload for an engine payload (JSON `null` becomes `binary/null`).
    static func payload(_ payload: Payload) -> TPayload {
        var converted = TPayload()
        if payload.data.elementsEqual("null".utf8) {
            converted.metadata[encodingKey] = Data(binaryNull)
        } else {
            converted.metadata[encodingKey] = Data(jsonPlain)
            converted.data = Data(payload.data)
        }
        return converted
    }

    /// A single-argument payload list.
    static func payloads(_ payload: Payload) -> TPayloads {
        var list = TPayloads()
        list.payloads = [self.payload(payload)]
        return list
    }

    /// The engine payload for a Temporal payload.
    /// - Throws: `TemporalError.unsupportedPayload` for any encoding but `json/plain` and `binary/null`,
    ///   or JSON that does not parse.
    static func payload(_ payload: TPayload, what: String) throws -> Payload {
        let encoding = payload.metadata[encodingKey].map { Array($0) } ?? []
        if encoding == binaryNull { return Payload(data: Array("null".utf8)) }
        guard encoding == jsonPlain else {
            let name = String(decoding: encoding, as: UTF8.self)
            throw TemporalError.unsupportedPayload(
                "\(what) is encoded as \"\(name.isEmpty ? "(none)" : name)\"; switchboard reads json/plain and binary/null only")
        }
        guard (try? JSONSerialization.jsonObject(with: payload.data, options: [.fragmentsAllowed])) != nil else {
            throw TemporalError.unsupportedPayload("\(what) is marked json/plain but is not valid JSON")
        }
        return Payload(data: Array(payload.data))
    }

    /// The first argument of a payload list (JSON null when there is none).
    static func first(_ payloads: TPayloads, what: String) throws -> Payload {
        guard let first = payloads.payloads.first else { return Payload(data: Array("null".utf8)) }
        return try payload(first, what: what)
    }

    // MARK: - Failures

    /// An engine failure as Temporal's `Failure` with `ApplicationFailureInfo`.
    static func failure(_ info: ActivityFailureInfo, source: String = "switchboard") -> TFailure {
        var failure = TFailure()
        failure.message = info.message
        failure.source = source
        var application = Temporal_Api_Failure_V1_ApplicationFailureInfo()
        application.type = info.type
        application.nonRetryable = info.nonRetryable
        if let delay = info.nextRetryDelay { application.nextRetryDelay = protoDuration(delay) }
        failure.applicationFailureInfo = application
        return failure
    }

    /// A Temporal failure as the engine's: the application type (or the kind of failure for
    /// timeouts, cancellations and server failures), the message, and the innermost cause's
    /// details for activity failures (whose own message is only "activity failed").
    static func failureInfo(_ failure: TFailure) -> ActivityFailureInfo {
        switch failure.failureInfo {
        case .applicationFailureInfo(let application):
            return ActivityFailureInfo(type: application.type.isEmpty ? "ApplicationError" : application.type,
                                       message: failure.message, nonRetryable: application.nonRetryable,
                                       nextRetryDelay: application.hasNextRetryDelay ? duration(application.nextRetryDelay) : nil)
        case .timeoutFailureInfo(let timeout):
            let kind = "\(timeout.timeoutType)"   // startToClose, heartbeat, ...
            return ActivityFailureInfo(type: "TemporalTimeout:\(kind.prefix(1).uppercased() + kind.dropFirst())",
                                       message: failure.message)
        case .activityFailureInfo where failure.hasCause:
            return failureInfo(failure.cause)
        case .canceledFailureInfo:
            return ActivityFailureInfo(type: "Cancelled", message: failure.message)
        case .terminatedFailureInfo:
            return ActivityFailureInfo(type: "Terminated", message: failure.message, nonRetryable: true)
        case .serverFailureInfo(let server):
            return ActivityFailureInfo(type: "ServerFailure", message: failure.message, nonRetryable: server.nonRetryable)
        default:
            return ActivityFailureInfo(type: "Failure", message: failure.message)
        }
    }

    static func protoDuration(_ duration: Duration) -> Google_Protobuf_Duration {
        let (seconds, attoseconds) = duration.components
        return Google_Protobuf_Duration(seconds: seconds, nanos: Int32(attoseconds / 1_000_000_000))
    }

    static func duration(_ duration: Google_Protobuf_Duration) -> Duration {
        .seconds(duration.seconds) + .nanoseconds(Int64(duration.nanos))
    }
}
