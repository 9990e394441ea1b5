import Foundation

/// Shared JSON coding helpers for A2A payloads.
public enum A2AJSON {
    /// Encodes `value` as compact JSON bytes (stable key order).
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
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
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(millis % 1000), 3))Z"
    }
}
