/// Reads a request line and header block strictly by RFC 9112, so that this server and any
/// proxy in front of it cannot disagree about where a request ends:
/// - lines end in CRLF; a bare LF or CR is 400;
/// - `HTTP/1.0` and `HTTP/1.1` are served; another `HTTP/x.y` is 505, anything else 400;
/// - header names are tokens with no space before the colon; folded lines are 400;
/// - conflicting `Content-Length`s, `Content-Length` with `Transfer-Encoding`, or a transfer
///   coding other than `chunked` as the last one are refused (400, or 501 for an unknown coding);
/// - an HTTP/1.1 request has exactly one `Host`.
enum HTTPHeadParser {
    /// What the bytes read so far hold.
    enum Outcome {
        /// The head is not complete yet.
        case incomplete
        /// A complete head that took `length` bytes, its final empty line included.
        case complete(HTTPRequestHead, length: Int)
    }

    /// The methods the server answers; any other token is 501.
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"]

    /// Parses the head at the start of `bytes`. `maxSize` bounds the head: when that many
    /// bytes hold no complete head, the answer is 431.
    static func parse(_ bytes: UnsafeRawBufferPointer, maxSize: Int) throws(HTTPParseError) -> Outcome {
        var start = 0
        // A client may send empty lines before the request line (RFC 9112 §2.2).
        while start + 1 < bytes.count, bytes[start] == HTTPSyntax.cr, bytes[start + 1] == HTTPSyntax.lf {
            start += 2
        }
        guard let lineEnd = try HTTPSyntax.lineEnd(in: bytes, from: start) else {
            return try incomplete(bytes, maxSize: maxSize)
        }
        var head = try requestLine(UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd]))
        var position = lineEnd + 2
        while true {
            guard let end = try HTTPSyntax.lineEnd(in: bytes, from: position) else {
                return try incomplete(bytes, maxSize: maxSize)
            }
            guard end <= maxSize else { throw HTTPParseError(431, "the request head is larger than \(maxSize) bytes") }
            if end == position { break }
            let (name, value) = try field(UnsafeRawBufferPointer(rebasing: bytes[position..<end]))
            head.headers.add(name, value)
            position = end + 2
        }
        try frame(&head)
        return .complete(head, length: position + 2)
    }

    private static func incomplete(_ bytes: UnsafeRawBufferPointer, maxSize: Int) throws(HTTPParseError) -> Outcome {
        if bytes.count >= maxSize { throw HTTPParseError(431, "the request head is larger than \(maxSize) bytes") }
        return .incomplete
    }

    private static func requestLine(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> HTTPRequestHead {
        let parts = line.split(separator: 32, maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw HTTPParseError(400, "the request line is not METHOD SP TARGET SP VERSION")
        }
        guard parts[0].allSatisfy(HTTPSyntax.isTokenCharacter) else {
            throw HTTPParseError(400, "the method is not a token")
        }
        guard parts[1].allSatisfy({ $0 > 32 && $0 < 127 }) else {
            throw HTTPParseError(400, "the request target holds a character that must be percent-encoded")
        }
        let minor = try version(Array(parts[2]))
        let method = String(decoding: parts[0], as: UTF8.self)
        guard methods.contains(method) else { throw HTTPParseError(501, "the method \(method) is not implemented") }
        return HTTPRequestHead(method: method, target: String(decoding: parts[1], as: UTF8.self), minorVersion: minor,
                               headers: HTTPHeaders(), framing: .none, keepAlive: minor == 1, expectsContinue: false)
    }

    /// `HTTP/1.1` is 1 and `HTTP/1.0` is 0; another well-formed version is 505.
    private static func version(_ text: [UInt8]) throws(HTTPParseError) -> Int {
        let prefix = Array("HTTP/".utf8)
        guard text.starts(with: prefix) else { throw HTTPParseError(400, "the HTTP version is not HTTP/x.y") }
        let numbers = text.dropFirst(prefix.count).split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        let isDigits = { (part: ArraySlice<UInt8>) in
            !part.isEmpty && part.count <= 3 && part.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        }
        guard numbers.count == 2, isDigits(numbers[0]), isDigits(numbers[1]) else {
            throw HTTPParseError(400, "the HTTP version is not HTTP/x.y")
        }
        switch text {
        case Array("HTTP/1.1".utf8): return 1
        case Array("HTTP/1.0".utf8): return 0
        default: throw HTTPParseError(505, "only HTTP/1.0 and HTTP/1.1 are supported")
        }
    }

    private static func field(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> (String, String) {
        if HTTPSyntax.isWhitespace(line[0]) {
            throw HTTPParseError(400, "a header line is folded (starts with white space)")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw HTTPParseError(400, "a header line has no colon")
        }
        let name = line[..<colon]
        guard name.allSatisfy(HTTPSyntax.isTokenCharacter) else {
            throw HTTPParseError(400, "a header name is not a token (or has white space before the colon)")
        }
        var value = line[(colon + 1)...]
        while let first = value.first, HTTPSyntax.isWhitespace(first) { value = value.dropFirst() }
        while let last = value.last, HTTPSyntax.isWhitespace(last) { value = value.dropLast() }
        guard value.allSatisfy(HTTPSyntax.isFieldValueByte) else {
            throw HTTPParseError(400, "a header value holds a control character")
        }
        return (String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
    }

    /// Works out the body's framing, the connection's persistence and `Expect`.
    private static func frame(_ head: inout HTTPRequestHead) throws(HTTPParseError) {
        var lengths: [String] = []
        var codings: [String] = []
        var hosts = 0
        for (name, value) in head.headers {
            switch name.lowercased() {
            case "content-length": lengths += listMembers(value)
            case "transfer-encoding": codings += listMembers(value).map { $0.lowercased() }
            case "host": hosts += 1
            case "connection":
                let options = listMembers(value).map { $0.lowercased() }
                if options.contains("close") { head.keepAlive = false } else if options.contains("keep-alive") { head.keepAlive = true }
            case "expect":
                guard value.lowercased() == "100-continue" else { throw HTTPParseError(417, "only Expect: 100-continue is supported") }
                head.expectsContinue = head.minorVersion == 1
            default: break
            }
        }
        if head.minorVersion == 1, hosts != 1 {
            throw HTTPParseError(400, hosts == 0 ? "an HTTP/1.1 request needs a Host header" : "the request has more than one Host header")
        }
        if !codings.isEmpty {
            guard head.minorVersion == 1 else { throw HTTPParseError(400, "Transfer-Encoding in an HTTP/1.0 request") }
            guard lengths.isEmpty else { throw HTTPParseError(400, "the request has both Content-Length and Transfer-Encoding") }
            guard codings.last == "chunked" else { throw HTTPParseError(400, "chunked is not the last transfer coding") }
            guard codings.count == 1 else { throw HTTPParseError(501, "transfer codings other than chunked are not implemented") }
            head.framing = .chunked
        } else if let first = lengths.first {
            guard first.utf8.count <= 18, first.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
                  let length = Int(first) else {
                throw HTTPParseError(400, "Content-Length is not a number")
            }
            guard lengths.allSatisfy({ $0 == first }) else { throw HTTPParseError(400, "the request has conflicting Content-Lengths") }
            head.framing = length > 0 ? .length(length) : .none
        }
    }

    /// The members of a comma-separated field value, trimmed; empty members kept (and refused by callers).
    private static func listMembers(_ value: String) -> [String] {
        value.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
        }
    }
}
