import CLibEvent

/// A request between its arrival and its last byte.
final class RequestState {
    let id: Int
    let request: OpaquePointer
    let connection: ConnectionState
    /// Set when the client went away; libevent then leaves the request for us to free.
    var connectionClosed = false
    var isStream = false
    var heartbeat: OpaquePointer?
    /// The writer of a streamed response, told when the client leaves.
    var writer: StreamBodyWriter?
    /// The task answering the request; for a streamed response it also produces the body.
    var task: Task<Void, Never>?
    /// A writer waiting for the output buffer to drain.
    var pendingResume: (@Sendable (Bool) -> Void)?

    init(id: Int, request: OpaquePointer, connection: ConnectionState) {
        self.id = id
        self.request = request
        self.connection = connection
    }
}
