import Foundation

/// One HTTP request for `HTTPClient`.
///
/// ```swift
/// var request = HTTPClientRequest(url: URL(string: "http://127.0.0.1:9101/")!, method: .post)
/// request.headers.set("Content-Type", "application/json")
/// request.body = Array(#"{"q":1}"#.utf8)
/// ```
public struct HTTPClientRequest: Sendable, CustomStringConvertible {
    /// An HTTP method; any token is allowed.
    public struct Method: RawRepresentable, Hashable, Sendable, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue.uppercased() }
        public init(stringLiteral value: String) { self.init(rawValue: value) }

        public static let get = Method(rawValue: "GET")
        public static let post = Method(rawValue: "POST")
        public static let put = Method(rawValue: "PUT")
        public static let patch = Method(rawValue: "PATCH")
        public static let delete = Method(rawValue: "DELETE")
        public static let head = Method(rawValue: "HEAD")
        public static let options = Method(rawValue: "OPTIONS")
    }

    /// An absolute `http` or `https` URL.
    public var url: URL
    public var method: Method
    public var headers: HTTPClientHeaders
    /// The request body; empty sends none (unless the method is POST/PUT/PATCH, which send an empty body).
    public var body: [UInt8]
    /// The longest wait for the TCP (and TLS) connection; nil uses the client's default.
    public var connectTimeout: Duration?
    /// The deadline for a whole plain request (`execute`); nil uses the client's default.
    /// Streams (`stream`) have no total deadline.
    public var totalTimeout: Duration?
    /// For streams: the longest silence while the body is being received (at least 1 s,
    /// whole seconds); nil uses the client's default.
    public var idleTimeout: Duration?

    public init(
        url: URL, method: Method = .get, headers: HTTPClientHeaders = [:], body: [UInt8] = [],
        connectTimeout: Duration? = nil, totalTimeout: Duration? = nil, idleTimeout: Duration? = nil
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.idleTimeout = idleTimeout
    }

    /// Method and URL without query string or user info (which may hold secrets).
    public var description: String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        components?.user = nil
        components?.password = nil
        return "\(method.rawValue) \(components?.string ?? "<invalid URL>")"
    }
}

extension Duration {
    /// Whole milliseconds, rounded up, at least 1 for a positive duration.
    var milliseconds: Int {
        let (seconds, attoseconds) = components
        let ms = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(ms, self > .zero ? 1 : 0))
    }
}
