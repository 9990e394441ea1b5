/// Writes compact JSON straight into bytes, in exactly the form Foundation's `JSONEncoder` gives
/// with `.sortedKeys` and `.withoutEscapingSlashes` (`/` unescaped, non-ASCII kept as UTF-8),
/// when callers write each object's keys in sorted order. It has no Codable intermediate tree:
/// the hot shapes of the A2A protocol (`JSONWritable`) and the engine's stored records
/// (`StoredJSON`) write themselves with it, and the tests of both compare its output with
/// `JSONEncoder`'s byte for byte.
public struct JSONWriter {
    /// The JSON written so far.
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 512) {
        bytes = []
        bytes.reserveCapacity(capacity)
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
    /// `name` must not need escaping (every key written with it is a plain identifier).
    public mutating func key(_ name: StaticString, _ first: inout Bool) {
        separate(&first)
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes `"name":` for a key known only at run time (escaped like any string), preceded
    /// by a comma unless it is the object's first member.
    public mutating func key(escaping name: String, _ first: inout Bool) {
        separate(&first)
        string(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// The comma before an object's member, unless it is the first.
    private mutating func separate(_ first: inout Bool) {
        if first {
            first = false
        } else {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Writes `[a,b,...]`, each element by `element`.
    public mutating func array<C: Collection>(_ elements: C, _ element: (inout JSONWriter, C.Element) throws -> Void)
        rethrows
    {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for item in elements {
            separate(&first)
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

    /// Writes a finite number: integral values as integers (as `JSONEncoder` writes them),
    /// others in Swift's shortest round-tripping form. JSON has no NaN or infinity; callers
    /// check `isFinite` first.
    public mutating func double(_ value: Double) {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            int(Int(value))
        } else {
            bytes.append(contentsOf: value.description.utf8)
        }
    }

    /// Writes bytes as a base64 string with padding, as `JSONEncoder` writes `Data`.
    public mutating func base64(_ data: [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index + 3 <= data.count {
            appendSextets(UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2]), count: 4)
            index += 3
        }
        switch data.count - index {
        case 1:
            appendSextets(UInt32(data[index]) << 16, count: 2)
            bytes.append(contentsOf: [UInt8(ascii: "="), UInt8(ascii: "=")])
        case 2:
            appendSextets(UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8, count: 3)
            bytes.append(UInt8(ascii: "="))
        default:
            break
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends JSON text written elsewhere (a value encoded by Codable, say) as it is.
    public mutating func raw(_ json: [UInt8]) {
        bytes.append(contentsOf: json)
    }

    private mutating func appendSextets(_ chunk: UInt32, count: Int) {
        for shift in stride(from: 18, to: 18 - 6 * count, by: -6) {
            bytes.append(Self.base64Alphabet[Int((chunk >> UInt32(shift)) & 0x3F)])
        }
    }

    private static let base64Alphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}
