import Foundation
import JSONBytes
import Synchronization

/// A value recorded in the history: JSON bytes of a Codable value.
public struct Payload: Codable, Sendable, Equatable {
    public var data: [UInt8] {
        didSet { memo = DecodedMemo() }
    }
    /// The value last decoded by `decodeKept`, shared by the copies of this payload: a
    /// workflow's replays decode the same activity results from the same cached history.
    private var memo = DecodedMemo()

    public init(data: [UInt8]) { self.data = data }

    public static func == (lhs: Payload, rhs: Payload) -> Bool { lhs.data == rhs.data }

    /// Encodes `value` as JSON: through its own `JSONWritable` writer when it has one (the
    /// values workflows pass most), else `JSONEncoder` with sorted keys.
    public init<T: Encodable>(encoding value: T) throws {
        if let plain = PlainJSON.encode(value) {
            data = plain
            return
        }
        if let writable = value as? any JSONWritable {
            var writer = JSONWriter(capacity: 1024)
            try writable.write(to: &writer)
            data = writer.bytes
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        data = Array(try encoder.encode(value))
    }

    /// Encodes `value` as JSON and keeps `value` for `decodeKept` of this payload and its copies,
    /// so that an activity run in this process gets its input, and a workflow its activity's
    /// result, without reading the JSON back. A payload type must come back from its JSON as
    /// the same value, as durable execution needs anyway: after a crash only the JSON is left.
    public init<T: Encodable & Sendable>(encodingKept value: T) throws {
        try self.init(encoding: value)
        if !(T.self is AnyObject.Type) { memo.keep(value) }
    }

    /// Decodes the JSON as `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let plain = PlainJSON.decode(data, as: type) { return plain }
        return try JSONDecoder().decode(type, from: Data(data))
    }

    /// `decode`, keeping the value for the next decode as the same type of this payload or of
    /// its copies (the JSON is not read again). An instance of a class is never kept: code
    /// that changed it would change what the next decode returns.
    public func decodeKept<T: Decodable & Sendable>(_ type: T.Type) throws -> T {
        if T.self is AnyObject.Type { return try decode(type) }
        if let kept = memo.value(as: type) { return kept }
        let value = try decode(type)
        memo.keep(value)
        return value
    }

    /// The JSON text.
    public var json: String { String(decoding: data, as: UTF8.self) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let bytes = Data(base64Encoded: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "payload is not base64")
        }
        self.data = Array(bytes)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(data).base64EncodedString())
    }
}

/// One decoded value of a payload, and its type.
final class DecodedMemo: Sendable {
    private let kept = Mutex<(any Sendable)?>(nil)

    func value<T: Sendable>(as type: T.Type) -> T? { kept.withLock { $0 as? T } }
    func keep<T: Sendable>(_ value: T) { kept.withLock { $0 = value } }
}
