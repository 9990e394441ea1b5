/// The byte-level rules of HTTP/1.1 the parsers share. Lines are found strictly: a bare LF,
/// or a CR followed by anything but LF, is a framing error (RFC 9112 §2.2), never a line end.
enum HTTPSyntax {
    static let cr: UInt8 = 13
    static let lf: UInt8 = 10

    /// The end of the line starting at `start` (the index of its CR), or nil when the bytes
    /// hold no complete line yet.
    static func lineEnd(in bytes: UnsafeRawBufferPointer, from start: Int) throws(HTTPParseError) -> Int? {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case lf:
                throw HTTPParseError(400, "a line ends in a bare LF; HTTP/1.1 lines end in CRLF")
            case cr:
                guard index + 1 < bytes.count else { return nil }
                guard bytes[index + 1] == lf else { throw HTTPParseError(400, "a CR is not followed by LF") }
                return index
            default:
                index += 1
            }
        }
        return nil
    }

    /// True for the characters of an RFC 9110 token (`tchar`).
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// True for bytes allowed in a field value: visible ASCII, space, tab and obs-text.
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == 9 || (byte >= 0x20 && byte != 0x7F)
    }

    static func isWhitespace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 }

    /// The value of a hexadecimal digit, or nil.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
