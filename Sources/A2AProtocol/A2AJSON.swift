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
        try JSONValue.parse(encode(value))
    }

    /// An ISO 8601 UTC timestamp with milliseconds, e.g. `2026-11-22T23:18:19.974Z`.
    public static func timestamp(_ date: Date = Date()) -> String {
        timestamp(millis: Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
    }

    /// The timestamp of `millis` milliseconds since 1970 (non-negative), in `timestamp`'s form.
    public static func timestamp(millis: Int64) -> String {
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

    /// The milliseconds since 1970 of a timestamp in exactly `timestamp`'s form (so that
    /// formatting them gives `text` back); nil for any other text.
    public static func timestampMillis(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 24 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let milli = number(20..<23), year >= 1970 else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        let millis = Int64(timegm(&parts)) * 1000 + Int64(milli)
        return timestamp(millis: millis) == text ? millis : nil
    }
}
