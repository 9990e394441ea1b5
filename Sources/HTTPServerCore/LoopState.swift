import CLibEvent
import Foundation

/// What the loop thread knows about connections and in-flight requests. Loop thread only.
final class LoopState {
    var connections: [OpaquePointer: ConnectionState] = [:]
    var requests: [Int: RequestState] = [:]
    var nextRequestID = 1
    var shuttingDown = false
    var shutdownDeadline: UInt64 = 0

    /// Resumes every writer waiting for a flush with "gone" (the loop is ending).
    func failPendingWrites() {
        for state in requests.values {
            state.pendingResume?(false)
            state.pendingResume = nil
        }
    }

    /// Frees the heartbeat timers of open streams.
    func freeHeartbeats() {
        for state in requests.values {
            if let heartbeat = state.heartbeat { event_free(heartbeat) }
            state.heartbeat = nil
        }
    }
}

/// One client connection, the context of its close callback.
final class ConnectionState {
    let pointer: OpaquePointer
    unowned let server: HTTPServer
    /// The request being answered on this connection (HTTP/1.1 answers one at a time).
    var activeRequestID: Int?

    init(pointer: OpaquePointer, server: HTTPServer) {
        self.pointer = pointer
        self.server = server
    }
}

/// A request between its arrival and its last byte.
final class RequestState {
    let id: Int
    let request: OpaquePointer
    let connection: ConnectionState
    /// Set when the client went away; libevent then leaves the request for us to free.
    var connectionClosed = false
    var isStream = false
    var heartbeat: OpaquePointer?
    /// A writer waiting for the output buffer to drain.
    var pendingResume: (@Sendable (Bool) -> Void)?

    init(id: Int, request: OpaquePointer, connection: ConnectionState) {
        self.id = id
        self.request = request
        self.connection = connection
    }
}
