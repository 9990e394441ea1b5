/// A small, strict JSON parser for request bodies on the hot path. It accepts a subset of
/// RFC 8259 that it reads exactly as Foundation's `JSONDecoder` reads it into `JSONValue`,
/// and answers nil for everything else (invalid JSON, but also valid JSON it does not handle:
/// exponents, numbers of more than 15 digits, duplicate member names, lone surrogates, deep
/// nesting). Callers then fall back to Foundation, which gives the exact error or value.
public struct StrictJSONParser {
    private let input: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var depth = 0
    private static let maxDepth = 64

    private init(input: UnsafeBufferPointer<UInt8>) {
        self.input = input
    }

    /// The JSON document in `bytes`, or nil (see the type's description).
    public static func parse(_ bytes: some Collection<UInt8>) -> JSONValue? {
        let parsed = bytes.withContiguousStorageIfAvailable { buffer -> JSONValue? in
            var parser = StrictJSONParser(input: buffer)
            return parser.document()
        }
        // Spelled out: `JSONValue` is `ExpressibleByNilLiteral`, so `?? nil` would read as `.null`.
        switch parsed {
        case .some(.some(let value)): return value
        default: return Optional<JSONValue>.none
        }
    }

    /// The JSON string whose opening quote is at `index` in `bytes`, its escapes undone, with
    /// `index` moved past its closing quote; nil (and `index` unchanged) when there is none or
    /// it is one this parser does not read (a lone surrogate, a control character).
    public static func string(in bytes: [UInt8], at index: inout Int) -> String? {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
        let start = index
        return bytes.withUnsafeBufferPointer { buffer -> String? in
            var parser = StrictJSONParser(input: buffer)
            parser.index = start
            guard let text = parser.string() else { return nil }
            index = parser.index
            return text
        }
    }

    private mutating func document() -> JSONValue? {
        skipSpace()
        guard let value = value() else { return nil }
        skipSpace()
        guard index == input.count else { return nil }
        return value
    }

    private mutating func skipSpace() {
        while index < input.count {
            switch input[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() -> JSONValue? {
        guard index < input.count else { return nil }
        switch input[index] {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"):
            guard literal("true") else { return nil }
            return .bool(true)
        case UInt8(ascii: "f"):
            guard literal("false") else { return nil }
            return .bool(false)
        case UInt8(ascii: "n"):
            guard literal("null") else { return nil }
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default: return nil
        }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard input.count - index >= count else { return false }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { input[index + $0] == expected[$0] }
        }
        if matches { index += count }
        return matches
    }

    private mutating func object() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        index += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if index < input.count, input[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard index < input.count, input[index] == UInt8(ascii: "\""), let key = string() else { return nil }
            skipSpace()
            guard index < input.count, input[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipSpace()
            guard let member = value() else { return nil }
            // Which of two equal names wins is Foundation's business: let it decide.
            guard members.updateValue(member, forKey: key) == nil else { return nil }
            skipSpace()
            guard index < input.count else { return nil }
            switch input[index] {
            case UInt8(ascii: ","):
                index += 1
                skipSpace()
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                return nil
            }
        }
    }

    private mutating func array() -> JSONValue? {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if index < input.count, input[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            guard let item = value() else { return nil }
            items.append(item)
            skipSpace()
            guard index < input.count else { return nil }
            switch input[index] {
            case UInt8(ascii: ","):
                index += 1
                skipSpace()
            case UInt8(ascii: "]"):
                index += 1
                return .array(items)
            default:
                return nil
            }
        }
    }

    /// A string starting at the opening quote; the index ends after the closing quote.
    private mutating func string() -> String? {
        index += 1
        var start = index
        var ascii = true
        var unescaped: [UInt8]?
        while index < input.count {
            let byte = input[index]
            if byte == UInt8(ascii: "\"") {
                let tail = UnsafeBufferPointer(rebasing: input[start..<index])
                index += 1
                if var bytes = unescaped {
                    bytes.append(contentsOf: tail)
                    return String(validating: bytes, as: UTF8.self)
                }
                return ascii ? String(decoding: tail, as: UTF8.self) : String(validating: tail, as: UTF8.self)
            }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            if byte == UInt8(ascii: "\\") {
                var bytes = unescaped ?? []
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<index]))
                index += 1
                guard index < input.count, escape(into: &bytes) else { return nil }
                unescaped = bytes
                start = index
                continue
            }
            index += 1
        }
        return nil
    }

    /// Decodes the escape after a backslash into `bytes`; the index ends after it.
    private mutating func escape(into bytes: inout [UInt8]) -> Bool {
        let byte = input[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(byte)
        case UInt8(ascii: "b"): bytes.append(0x08)
        case UInt8(ascii: "f"): bytes.append(0x0C)
        case UInt8(ascii: "n"): bytes.append(0x0A)
        case UInt8(ascii: "r"): bytes.append(0x0D)
        case UInt8(ascii: "t"): bytes.append(0x09)
        case UInt8(ascii: "u"):
            guard let unit = hexUnit() else { return false }
            var scalarValue = UInt32(unit)
            if (0xD800...0xDBFF).contains(unit) {
                guard literal("\\u"), let low = hexUnit(), (0xDC00...0xDFFF).contains(low) else { return false }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            guard let scalar = Unicode.Scalar(scalarValue) else { return false }
            bytes.append(contentsOf: String(Character(scalar)).utf8)
        default:
            return false
        }
        return true
    }

    private mutating func hexUnit() -> UInt16? {
        guard input.count - index >= 4 else { return nil }
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte = input[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
            index += 1
        }
        return unit
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?` with at most 15 digits; nil for anything else.
    private mutating func number() -> JSONValue? {
        let start = index
        var digits = 0
        if input[index] == UInt8(ascii: "-") { index += 1 }
        func isDigit(_ at: Int) -> Bool {
            at < input.count && input[at] >= UInt8(ascii: "0") && input[at] <= UInt8(ascii: "9")
        }
        guard isDigit(index) else { return nil }
        if input[index] == UInt8(ascii: "0") {
            index += 1
            digits = 1
            if isDigit(index) { return nil }
        } else {
            while isDigit(index) {
                index += 1
                digits += 1
            }
        }
        if index < input.count, input[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return nil }
            while isDigit(index) {
                index += 1
                digits += 1
            }
        }
        if index < input.count, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") { return nil }
        guard digits <= 15 else { return nil }
        let text = String(decoding: UnsafeBufferPointer(rebasing: input[start..<index]), as: UTF8.self)
        return Double(text).map(JSONValue.number)
    }
}
