/// The request line and header fields of a request, as `HTTPHeadParser` read them.
struct HTTPRequestHead {
    var method: String
    /// The request target exactly as sent (origin form, `*`, or absolute form).
    var target: String
    /// 0 for HTTP/1.0, 1 for HTTP/1.1.
    var minorVersion: Int
    var headers: HTTPHeaders
    var framing: HTTPBodyFraming
    /// Whether the connection stays open after the response (the version's default, or
    /// what the `Connection` field asked for).
    var keepAlive: Bool
    /// The client sent `Expect: 100-continue` and waits for a go-ahead before the body.
    var expectsContinue: Bool
}
