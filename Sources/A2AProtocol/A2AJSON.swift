import Foundation
import JSONBytes

/// Shared JSON coding helpers for A2A payloads.
public enum A2AJSON {
    /// Encodes `value` as compact JSON bytes (stable key order). Types that write themselves
    /// (`JSONWritable`: tasks, messages, events, task lists, errors, JSON values, JSON-RPC
    /// responses of them) skip Codable; the bytes are the same either way.
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        if let writable = value as? any JSONWritable {
            var writer = JSONWriter()
            try writable.write(to: &writer)
            return writer.bytes
        }
        return try codableEncode(value)
    }

    /// Encodes `value` through Foundation's `JSONEncoder` (sorted keys, `/` unescaped), the
    /// reference form that `JSONWritable` types reproduce.
    public static func codableEncode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
    /// Encodes `value` as a compact JSON string.
    public static func encodeString<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// Decodes `type` from JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    /// Decodes `type` from a JSON string.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(text.utf8))
    }

    /// Converts a JSON value into a typed value.
    public static func convert<T: Decodable>(_ value: JSONValue, to type: T.Type) throws -> T {
        try decode(type, from: encode(value))
    }

    /// Converts a typed value into a JSON value.
    public static func value<T: Encodable>(_ value: T) throws -> JSONValue {
        try decode(JSONValue.self, from: encode(value))
    }

    /// An ISO 8601 UTC timestamp with milliseconds, e.g. `2026-11-22T23:18:19.974Z`.
    public static func timestamp(_ date: Date = Date()) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var seconds = time_t(millis / 1000)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(unsafeUninitializedCapacity: 24) { buffer in
            var index = 0
            func digits(_ value: Int, _ width: Int) {
                var value = value
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[index + offset] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                index += width
            }
            func literal(_ character: Unicode.Scalar) {
                buffer[index] = UInt8(ascii: character)
                index += 1
            }
            digits(Int(parts.tm_year) + 1900, 4)
            literal("-")
            digits(Int(parts.tm_mon) + 1, 2)
            literal("-")
            digits(Int(parts.tm_mday), 2)
            literal("T")
            digits(Int(parts.tm_hour), 2)
            literal(":")
            digits(Int(parts.tm_min), 2)
            literal(":")
            digits(Int(parts.tm_sec), 2)
            literal(".")
            digits(Int(millis % 1000), 3)
            literal("Z")
            return index
        }
    }
}
