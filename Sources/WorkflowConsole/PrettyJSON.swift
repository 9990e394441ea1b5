import Foundation

/// Indented JSON of the `[String: Any]` values `TemporalJSON` builds, written straight into
/// HTML-escaped bytes for a `<pre>`: keys sorted, two spaces per level. A history page shows
/// one per event, and `JSONSerialization` took most of a 1,000-event page's time.
enum PrettyJSON {
    static func html(_ value: Any) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        write(value, indent: 0, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func write(_ value: Any, indent: Int, into out: inout [UInt8]) {
        switch value {
        case let object as [String: Any]:
            guard !object.isEmpty else { return out.append(contentsOf: Array("{}".utf8)) }
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted().enumerated() {
                out.append(contentsOf: Array((index == 0 ? "\n" : ",\n").utf8))
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
                string(key, into: &out)
                out.append(contentsOf: Array(": ".utf8))
                write(object[key]!, indent: indent + 2, into: &out)
            }
            newline(indent, &out)
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            guard !array.isEmpty else { return out.append(contentsOf: Array("[]".utf8)) }
            out.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                out.append(contentsOf: Array((index == 0 ? "\n" : ",\n").utf8))
                out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent + 2))
                write(element, indent: indent + 2, into: &out)
            }
            newline(indent, &out)
            out.append(UInt8(ascii: "]"))
        case let text as String: string(text, into: &out)
        case let flag as Bool: out.append(contentsOf: Array((flag ? "true" : "false").utf8))
        case let number as Int: out.append(contentsOf: Array(String(number).utf8))
        case let number as Double:
            out.append(contentsOf: Array((number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)).utf8))
        default: out.append(contentsOf: Array("null".utf8))
        }
    }

    private static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(UInt8(ascii: "\n"))
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }

    /// A JSON string literal, its quotes and the markup characters inside it as entities.
    private static func string(_ text: String, into out: inout [UInt8]) {
        HTML.append(UInt8(ascii: "\""), to: &out)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); HTML.append(byte, to: &out)
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: Array("\\n".utf8))
            case 0x0D: out.append(contentsOf: Array("\\r".utf8))
            case 0x09: out.append(contentsOf: Array("\\t".utf8))
            case ..<0x20: out.append(contentsOf: Array(String(format: "\\u%04x", byte).utf8))
            default: HTML.append(byte, to: &out)
            }
        }
        HTML.append(UInt8(ascii: "\""), to: &out)
    }
}
