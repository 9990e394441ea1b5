import DurableEngine
import Foundation
import SwiftProtobuf
import TemporalProtos

typealias TPayload = Temporal_Api_Common_V1_Payload
typealias TPayloads = Temporal_Api_Common_V1_Payloads
typealias TFailure = Temporal_Api_Failure_V1_Failure

/// The engine's JSON payloads as Temporal payloads, the way the Python SDK's default converter
/// writes them: one payload per argument, `json/plain` with the JSON text, and `binary/null`
/// (no data) for null. With a key in `codec`, every payload leaves sealed: the serialized plain
/// payload in an AES-GCM box, marked `binary/encrypted` (as Temporal's codec samples do), so the
/// server, its UI and its database see ciphertext only; payloads without that mark read as before.
struct TemporalPayloads: Sendable {
    static let encodingKey = "encoding"
    static let jsonPlain = Array("json/plain".utf8)
    static let binaryNull = Array("binary/null".utf8)
    static let binaryEncrypted = Array("binary/encrypted".utf8)
    /// What an encoded failure's message says on the wire (its real message is in `encodedAttributes`).
    static let encodedFailureMessage = "Encoded failure"

    /// Seals payloads when it has a key.
    let codec: PayloadCodec

    /// One Temporal payload for an engine payload (JSON `null` becomes `binary/null`), sealed when encrypting.
    /// - Throws: when AES-GCM cannot seal it.
    func payload(_ payload: Payload) throws -> TPayload {
        var converted = TPayload()
        if payload.data.elementsEqual("null".utf8) {
            converted.metadata[Self.encodingKey] = Data(Self.binaryNull)
        } else {
            converted.metadata[Self.encodingKey] = Data(Self.jsonPlain)
            converted.data = Data(payload.data)
        }
        return try sealed(converted)
    }

    /// A single-argument payload list.
    func payloads(_ payload: Payload) throws -> TPayloads {
        var list = TPayloads()
        list.payloads = [try self.payload(payload)]
        return list
    }

    /// The engine payload for a Temporal payload.
    /// - Throws: `EncryptedPayloadError` for a sealed payload without a key; `TemporalError.unsupportedPayload`
    ///   for one the key does not open, any encoding but `json/plain` and `binary/null`, or JSON that does not parse.
    func payload(_ payload: TPayload, what: String) throws -> Payload {
        let payload = try opened(payload, what: what)
        let encoding = payload.metadata[Self.encodingKey].map { Array($0) } ?? []
        if encoding == Self.binaryNull { return Payload(data: Array("null".utf8)) }
        guard encoding == Self.jsonPlain else {
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
    func first(_ payloads: TPayloads, what: String) throws -> Payload {
        guard let first = payloads.payloads.first else { return Payload(data: Array("null".utf8)) }
        return try payload(first, what: what)
    }

    /// `plain` as it goes on the wire: itself without a key, else sealed and marked `binary/encrypted`.
    private func sealed(_ plain: TPayload) throws -> TPayload {
        guard codec.isEncrypting else { return plain }
        var sealed = TPayload()
        sealed.metadata[Self.encodingKey] = Data(Self.binaryEncrypted)
        sealed.data = Data(try codec.seal(Array(try plain.serializedBytes() as [UInt8])))
        return sealed
    }

    /// The plain payload behind one from the wire (unchanged unless marked `binary/encrypted`).
    private func opened(_ payload: TPayload, what: String) throws -> TPayload {
        guard payload.metadata[Self.encodingKey].map({ Array($0) }) == Self.binaryEncrypted else { return payload }
        guard codec.isEncrypting else { throw EncryptedPayloadError() }
        let bytes: [UInt8]
        do {
            bytes = try codec.open(Array(payload.data))
        } catch {
            throw TemporalError.unsupportedPayload(
                "\(what) is encrypted and the key in \(PayloadCodec.keyVariable) does not open it: wrong key or damaged data")
        }
        // `open` hands back bytes without switchboard's mark unchanged: those are not ours to read.
        guard bytes.count != payload.data.count, let plain = try? TPayload(serializedBytes: bytes) else {
            throw TemporalError.unsupportedPayload("\(what) is marked binary/encrypted but is not switchboard's encrypted payload")
        }
        return plain
    }

    // MARK: - Failures

    /// An engine failure as Temporal's `Failure` with `ApplicationFailureInfo`. When encrypting, the
    /// message travels sealed in `encodedAttributes` (as the SDKs' failure codec does) and the
    /// visible message is only "Encoded failure".
    func failure(_ info: ActivityFailureInfo, source: String = "switchboard") -> TFailure {
        var failure = TFailure()
        failure.message = info.message
        if codec.isEncrypting {
            failure.message = Self.encodedFailureMessage
            do {
                let attributes = try JSONSerialization.data(withJSONObject: ["message": info.message, "stack_trace": ""])
                failure.encodedAttributes = try payload(Payload(data: Array(attributes)))
            } catch {
                failure.message = "\(Self.encodedFailureMessage) (its message could not be encrypted: \(error))"
            }
        }
        failure.source = source
        var application = Temporal_Api_Failure_V1_ApplicationFailureInfo()
        application.type = info.type
        application.nonRetryable = info.nonRetryable
        if let delay = info.nextRetryDelay { application.nextRetryDelay = Self.protoDuration(delay) }
        failure.applicationFailureInfo = application
        return failure
    }

    /// A Temporal failure as the engine's: the application type (or the kind of failure for
    /// timeouts, cancellations and server failures), the message, and the innermost cause's
    /// details for activity failures (whose own message is only "activity failed").
    func failureInfo(_ failure: TFailure) -> ActivityFailureInfo {
        var failure = failure
        if failure.hasEncodedAttributes { failure.message = decodedMessage(failure) }
        switch failure.failureInfo {
        case .applicationFailureInfo(let application):
            return ActivityFailureInfo(type: application.type.isEmpty ? "ApplicationError" : application.type,
                                       message: failure.message, nonRetryable: application.nonRetryable,
                                       nextRetryDelay: application.hasNextRetryDelay ? Self.duration(application.nextRetryDelay) : nil)
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

    /// The message sealed in a failure's `encodedAttributes`, or the visible one with the reason it cannot be read.
    private func decodedMessage(_ failure: TFailure) -> String {
        do {
            let attributes = try payload(failure.encodedAttributes, what: "the failure's encoded message")
            guard let object = try JSONSerialization.jsonObject(with: Data(attributes.data)) as? [String: Any],
                  let message = object["message"] as? String else {
                return "\(failure.message) (its encoded attributes have no message)"
            }
            return message
        } catch {
            return "\(failure.message) (\(error))"
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
