/// Why an HTTP exchange failed. HTTP error statuses are not errors here: they come back as
/// responses. The client never retries; `isRetryable` tells the caller whether a retry may help.
public enum HTTPClientError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Which deadline expired.
    public enum TimeoutKind: String, Sendable, Equatable {
        /// No connection within the connect timeout.
        case connect
        /// The whole request took longer than its total timeout.
        case total
        /// A stream was silent for longer than its idle timeout.
        case idle
    }

    /// The URL is not an absolute http(s) URL, or curl rejected it.
    case invalidURL(String)
    /// The request cannot be sent as given (e.g. a header containing a line break).
    case invalidRequest(String)
    /// The host name did not resolve.
    case resolveFailed(String)
    /// The connection was refused or could not be made.
    case connectFailed(String)
    /// A deadline expired.
    case timedOut(TimeoutKind)
    /// The connection broke before the response was complete.
    case connectionLost(String)
    /// The TLS handshake or certificate verification failed.
    case tls(String)
    /// The server broke the HTTP protocol.
    case protocolError(String)
    /// The body exceeded `HTTPClientConfiguration.maxResponseBodySize`.
    case responseTooLarge(limit: Int)
    /// The Swift task was cancelled or the stream's consumer went away; the transfer was aborted.
    case cancelled
    /// The client has been shut down.
    case shutDown
    /// Any other libcurl failure.
    case other(code: Int, message: String)

    /// True when the same request may succeed later: timeouts, connection failures and broken
    /// connections. Invalid URLs, TLS failures, cancellation and size limits are not retryable.
    public var isRetryable: Bool {
        switch self {
        case .resolveFailed, .connectFailed, .timedOut, .connectionLost, .protocolError: true
        case .invalidURL, .invalidRequest, .tls, .responseTooLarge, .cancelled, .shutDown, .other: false
        }
    }

    public var description: String {
        switch self {
        case .invalidURL(let m): "invalid URL: \(m)"
        case .invalidRequest(let m): "invalid request: \(m)"
        case .resolveFailed(let m): "could not resolve host: \(m)"
        case .connectFailed(let m): "could not connect: \(m)"
        case .timedOut(let kind): "\(kind.rawValue) timeout expired"
        case .connectionLost(let m): "connection lost: \(m)"
        case .tls(let m): "TLS failure: \(m)"
        case .protocolError(let m): "HTTP protocol error: \(m)"
        case .responseTooLarge(let limit): "response body larger than \(limit) bytes"
        case .cancelled: "request cancelled"
        case .shutDown: "HTTP client is shut down"
        case .other(let code, let m): "curl error \(code): \(m)"
        }
    }
}
