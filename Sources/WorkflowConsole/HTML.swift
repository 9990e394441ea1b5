/// Escaping for text and attribute values put into the console's pages. Every value that did
/// not come from this module's own literals goes through `escape`.
enum HTML {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities; safe in element content
    /// and in double- or single-quoted attribute values.
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 32)
        for byte in utf8 { append(byte, to: &out) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `byte`, as an entity when it is one of the five that markup gives meaning to.
    /// Every other byte (UTF-8 continuation bytes included) is copied as it is.
    static func append(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])              // &amp;
        case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])                    // &lt;
        case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])                    // &gt;
        case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])        // &quot;
        case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])              // &#39;
        default: out.append(byte)
        }
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
