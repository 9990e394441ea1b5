/// An HTTP response: a status, headers and either a complete body or a streamed one.
public struct HTTPResponse: Sendable {
    /// How the body is produced.
    public enum Body: Sendable {
        /// The whole body, sent with `Content-Length`.
        case bytes([UInt8])
        /// A chunked body (SSE). The closure runs in a task (for `respond(to:)`, the one that
        /// answered the request, once it has returned); it writes chunks and returns to end
        /// the response. If the client disconnects, the task is cancelled and
        /// `ResponseBodyWriter.write` throws `CancellationError`.
        case stream(@Sendable (any ResponseBodyWriter) async throws -> Void)
    }

    public var status: Int
    public var headers: HTTPHeaders
    public var body: Body

    public init(status: Int = 200, headers: HTTPHeaders = [:], body: Body = .bytes([])) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A complete response with a UTF-8 text body.
    public init(status: Int = 200, headers: HTTPHeaders = [:], text: String) {
        self.init(status: status, headers: headers, body: .bytes(Array(text.utf8)))
    }
}
