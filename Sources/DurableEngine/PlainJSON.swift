import JSONBytes

/// The JSON of the plain values workflows pass most (integers, strings, booleans), written and
/// read directly: the same bytes `JSONEncoder` writes and the same values `JSONDecoder` reads,
/// without their machinery. Anything else (or any less simple text) is left to them.
enum PlainJSON {
    /// The JSON of `value` when it is an `Int`, `String` or `Bool`; nil otherwise.
    static func encode<T>(_ value: T) -> [UInt8]? {
        var writer = JSONWriter(capacity: 32)
        if T.self == Int.self {
            writer.int(value as! Int)
        } else if T.self == String.self {
            writer.string(value as! String)
        } else if T.self == Bool.self {
            writer.bool(value as! Bool)
        } else {
            return nil
        }
        return writer.bytes
    }

    /// The value of `json` as `T` when `T` is an `Int`, `String` or `Bool` and the text is in
    /// its simplest form (digits without a leading zero; a string, escapes read strictly); nil
    /// to leave it to `JSONDecoder`.
    static func decode<T>(_ json: [UInt8], as type: T.Type) -> T? {
        if T.self == Int.self { return integer(json) as! T? }
        if T.self == String.self { return string(json) as! T? }
        if T.self == Bool.self {
            if json.elementsEqual("true".utf8) { return true as? T }
            if json.elementsEqual("false".utf8) { return false as? T }
            return nil
        }
        return nil
    }

    private static func integer(_ json: [UInt8]) -> Int? {
        let negative = json.first == UInt8(ascii: "-")
        let digits = json.dropFirst(negative ? 1 : 0)
        guard let first = digits.first, (first != UInt8(ascii: "0") || digits.count == 1), digits.count <= 19 else { return nil }
        var magnitude: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            magnitude = magnitude * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        if negative {
            guard magnitude != 0, magnitude <= UInt64(Int.max) + 1 else { return nil }
            return magnitude == UInt64(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        return magnitude <= UInt64(Int.max) ? Int(magnitude) : nil
    }

    private static func string(_ json: [UInt8]) -> String? {
        guard json.count >= 2, json.first == UInt8(ascii: "\""), json.last == UInt8(ascii: "\"") else { return nil }
        let inner = json[1..<(json.count - 1)]
        for byte in inner where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            // Escapes: the strict parser reads them, and the string must be the whole text.
            var index = 0
            guard let text = StrictJSONParser.string(in: json, at: &index), index == json.count else { return nil }
            return text
        }
        return String(validating: inner, as: UTF8.self)
    }
}
