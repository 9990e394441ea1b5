import Foundation

/// Writes compact JSON straight into bytes, in exactly the form `A2AJSON.encode` gives through
/// Foundation (sorted keys, `/` unescaped, non-ASCII kept as UTF-8), without Codable's
/// intermediate tree. The hot response and event shapes write themselves with it
/// (`JSONWritable`); anything else (`JSONValue` metadata, errors) is spliced in from Codable.
public struct JSONWriter {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Writes `value` (a JSON object or other JSON text) as JSON.
    public mutating func write<T: JSONWritable>(_ value: T) throws {
        try value.write(to: &self)
    }

    /// Opens an object; pass the returned flag to `key`.
    public mutating func beginObject() -> Bool {
        bytes.append(UInt8(ascii: "{"))
        return true
    }

    /// Closes an object.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes `"name":`, preceded by a comma unless it is the object's first member.
    /// `name` must not need escaping (every key of the A2A shapes is a plain identifier).
    public mutating func key(_ name: StaticString, _ first: inout Bool) {
        if first {
            first = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes `[a,b,...]`, each element by `element`.
    public mutating func array<C: Collection>(_ elements: C, _ element: (inout JSONWriter, C.Element) throws -> Void)
        rethrows
    {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in elements {
            if first { first = false } else { bytes.append(UInt8(ascii: ",")) }
            try element(&self, item)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes a JSON string: `"` and `\` escaped, control characters as `\n`-style or `\u00XX`
    /// escapes, everything else (including `/` and non-ASCII) as it is.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { utf8 in
            var start = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                if start < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start..<index])) }
                start = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\""))
                case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\"))
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                              Self.hex[Int(byte >> 4)], Self.hex[Int(byte & 0xF)]])
                }
            }
            if start < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[start...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Writes an integer.
    public mutating func int(_ value: Int) {
        if value >= 0 && value < 10 {
            bytes.append(UInt8(ascii: "0") + UInt8(value))
        } else {
            bytes.append(contentsOf: String(value).utf8)
        }
    }

    /// Writes `true` or `false`.
    public mutating func bool(_ value: Bool) {
        if value {
            bytes.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")])
        } else {
            bytes.append(contentsOf: [UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"),
                                      UInt8(ascii: "e")])
        }
    }

    /// Writes `null`.
    public mutating func null() {
        bytes.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")])
    }

    /// Writes any `Encodable` through Foundation's encoder, for the shapes that are rare on
    /// the hot path (free-form `JSONValue`s, errors); the result is the same as if the whole
    /// document had gone through Codable.
    public mutating func codable<T: Encodable>(_ value: T) throws {
        bytes.append(contentsOf: try A2AJSON.codableEncode(value))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}
