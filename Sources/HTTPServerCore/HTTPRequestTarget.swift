/// The path and query of a request target (RFC 9112 §3.2), percent-decoded.
struct HTTPRequestTarget {
    /// The decoded path, e.g. `/tasks/abc:cancel`; `*` for `OPTIONS *`.
    var path: String
    /// The query string as sent, without `?`.
    var rawQuery: String
    /// The decoded query parameters (`+` is a space); a repeated name keeps its last value.
    var query: [String: String]

    /// Splits an origin-form, absolute-form or asterisk-form target.
    init(_ target: String) throws(HTTPParseError) {
        var rest = Substring(target)
        if rest == "*" {
            self.init(path: "*", rawQuery: "", query: [:])
            return
        }
        for scheme in ["http://", "https://"] where rest.lowercased().hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            rest = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        guard rest.first == "/" else { throw HTTPParseError(400, "the request target is not a path") }
        let pathPart = rest.prefix { $0 != "?" && $0 != "#" }
        var queryPart = rest.dropFirst(pathPart.count)
        if queryPart.first == "?" { queryPart = queryPart.dropFirst().prefix { $0 != "#" } } else { queryPart = "" }
        self.init(path: Self.decode(pathPart, plusIsSpace: false), rawQuery: String(queryPart),
                  query: FormEncoding.fields(Array(queryPart.utf8)))
    }

    private init(path: String, rawQuery: String, query: [String: String]) {
        self.path = path
        self.rawQuery = rawQuery
        self.query = query
    }

    /// Percent-decodes `text`; a `%` not followed by two hex digits stays as it is.
    static func decode(_ text: Substring, plusIsSpace: Bool) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "%")) || (plusIsSpace && bytes.contains(UInt8(ascii: "+"))) else {
            return String(text)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = HTTPSyntax.hexValue(bytes[index + 1]), let low = HTTPSyntax.hexValue(bytes[index + 2]) {
                out.append(high << 4 | low)
                index += 3
            } else {
                out.append(plusIsSpace && byte == UInt8(ascii: "+") ? 32 : byte)
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
