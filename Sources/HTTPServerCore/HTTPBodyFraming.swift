/// How the body of a request is delimited on the wire (RFC 9112 §6.3).
enum HTTPBodyFraming: Equatable {
    /// No body.
    case none
    /// Exactly this many bytes follow the head.
    case length(Int)
    /// `Transfer-Encoding: chunked`.
    case chunked
}
