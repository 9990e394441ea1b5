/// Why a request was refused before it reached the responder: the status to answer with and
/// a short reason for the body. The connection is closed after the answer, because the
/// framing of anything that follows on it can no longer be trusted (RFC 9112 §11.2).
struct HTTPParseError: Error, Equatable {
    let status: Int
    let reason: String

    init(_ status: Int, _ reason: String) {
        self.status = status
        self.reason = reason
    }
}
