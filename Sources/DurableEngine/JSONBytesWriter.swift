/// Writes compact JSON straight into bytes, for the engine's own record types on the hot path
/// (`StoredJSON`). Callers write object keys in sorted order, so the output matches what
/// `JSONEncoder` with `.sortedKeys` and `.withoutEscapingSlashes` writes for the same values.
struct JSONBytesWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether the next member or element of the innermost container needs a comma first.
    private var needsComma = false

    init(capacity: Int = 128) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// Writes `"name":`; the value written next completes the member.
    mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func string(_ value: String) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
        needsComma = true
    }

    mutating func integer<T: BinaryInteger>(_ value: T) {
        separate()
        bytes.append(contentsOf: String(value).utf8)
        needsComma = true
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: (value ? "true" : "false").utf8)
        needsComma = true
    }

    /// Integral values as integers (as JSONEncoder writes them), others in Swift's shortest
    /// round-tripping form. JSON has no NaN or infinity; callers check before writing.
    mutating func double(_ value: Double) {
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            integer(Int64(value))
        } else {
            separate()
            bytes.append(contentsOf: value.description.utf8)
            needsComma = true
        }
    }

    /// Bytes as a base64 string (with padding), as `Data.base64EncodedString()` writes them.
    mutating func base64(_ data: [UInt8]) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var index = 0
        while index + 3 <= data.count {
            let chunk = UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2])
            appendSextets(chunk, count: 4)
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
        needsComma = true
    }

    private mutating func appendSextets(_ chunk: UInt32, count: Int) {
        for shift in stride(from: 18, to: 18 - 6 * count, by: -6) {
            bytes.append(Self.base64Alphabet[Int((chunk >> UInt32(shift)) & 0x3F)])
        }
    }

    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let base64Alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
}
