/// Escaping for text and attribute values put into the console's pages. Every value that did
/// not come from this module's own literals goes through `escape`.
enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities; safe in element content
    /// and in double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// `text` percent-encoded for a query parameter value (RFC 3986 unreserved bytes stay).
    static func queryValue(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 0xF)])
            }
        }
        return out
    }

    /// A query string (with `?`) from the non-empty values of `parameters`, in their order.
    static func query(_ parameters: [(String, String?)]) -> String {
        let parts = parameters.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return name + "=" + queryValue(value)
        }
        return parts.isEmpty ? "" : "?" + parts.joined(separator: "&")
    }
}
