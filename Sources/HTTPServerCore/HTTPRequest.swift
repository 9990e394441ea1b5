/// A complete HTTP request as the server received it (the body is read in full first,
/// bounded by `HTTPServerConfiguration.maxBodySize`).
public struct HTTPRequest: Sendable {
    /// The method in upper case: `GET`, `POST`, ...
    public var method: String
    /// The percent-decoded path, without the query string, e.g. `/tasks/abc:cancel`.
    public var path: String
    /// The raw (still percent-encoded) query string, without `?`, or empty.
    public var rawQuery: String
    /// The decoded query parameters; a repeated name keeps its last value.
    public var query: [String: String]
    /// The request header fields.
    public var headers: HTTPHeaders
    /// The request body.
    public var body: [UInt8]
    /// The peer's address, `ip` without the port; used for per-client limits.
    public var remoteAddress: String

    public init(
        method: String, path: String, rawQuery: String = "", query: [String: String] = [:],
        headers: HTTPHeaders = [:], body: [UInt8] = [], remoteAddress: String = "127.0.0.1"
    ) {
        self.method = method
        self.path = path
        self.rawQuery = rawQuery
        self.query = query
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }
}
