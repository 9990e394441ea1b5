import CLibEvent

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
