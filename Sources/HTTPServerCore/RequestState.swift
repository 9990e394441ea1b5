import CLibEvent

/// A request between its arrival and its last byte.
final class RequestState {
    let id: Int
    let connection: HTTPConnection
    /// A HEAD request: the response's head is sent without its body.
    let isHead: Bool
    /// The request's HTTP/1.x minor version: 0 gets no chunked encoding.
    let minorVersion: Int
    /// Set when the client went away.
    var connectionClosed = false
    var isStream = false
    /// A streamed body whose length the responder declared: sent raw, not chunked, and the
    /// connection is dropped if the producer ends short of it.
    var declaredLength: Int?
    var sentBytes = 0
    var heartbeat: OpaquePointer?
    /// The writer of a streamed response, told when the client leaves.
    var writer: StreamBodyWriter?
    /// The task answering the request; for a streamed response it also produces the body.
    var task: Task<Void, Never>?
    /// A writer waiting for the output buffer to drain.
    var pendingResume: (@Sendable (Bool) -> Void)?

    init(id: Int, connection: HTTPConnection, isHead: Bool, minorVersion: Int) {
        self.id = id
        self.connection = connection
        self.isHead = isHead
        self.minorVersion = minorVersion
    }
}
