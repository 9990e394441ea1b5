import CLibEvent

/// One client connection: its socket's bufferevent, where it is in the request cycle, and
/// the deadline that bounds the current phase. Loop thread only.
final class HTTPConnection {
    /// Where the connection is in its request cycle; each phase has its own deadline.
    enum Phase {
        /// Waiting for the first byte of a request (the idle timeout).
        case idle
        /// Reading the request line and headers (the header deadline).
        case head
        /// Reading the body (the body deadline).
        case body
        /// The request is with the responder; bytes that follow wait in the input buffer.
        case dispatched
        /// The last response is being flushed; then the write side is shut and input drained
        /// for a moment, so the client reads the response instead of a reset (RFC 9112 §9.6).
        case closing
    }

    let id: Int
    let events: OpaquePointer
    let remoteAddress: String
    unowned let server: HTTPServer
    var phase = Phase.idle
    /// The head of the request being read, until it is dispatched.
    var head: HTTPRequestHead?
    var chunkedBody: ChunkedBodyDecoder?
    /// The request being answered on this connection (HTTP/1.1 answers one at a time).
    var activeRequestID: Int?
    /// Whether the connection stays open after the response being written.
    var keepAlive = true
    /// The write side has been shut down; the connection only drains input until it closes.
    var lingering = false
    /// `HTTPServer.readable` is serving this connection's input now (see there).
    var reading = false
    /// The one timer of this connection, re-armed at each phase.
    var deadline: OpaquePointer?

    init(id: Int, events: OpaquePointer, remoteAddress: String, server: HTTPServer) {
        self.id = id
        self.events = events
        self.remoteAddress = remoteAddress
        self.server = server
    }

    var input: OpaquePointer { bufferevent_get_input(events) }
    var output: OpaquePointer { bufferevent_get_output(events) }
    var fd: Int32 { Int32(bufferevent_getfd(events)) }

    /// Appends `bytes` to the output buffer.
    func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { _ = evbuffer_add(output, $0.baseAddress, $0.count) }
    }

    /// Arms the connection's timer to fire in `seconds` (replacing any earlier deadline).
    func arm(seconds: Double) {
        guard let deadline else { return }
        var interval = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - seconds.rounded(.down)) * 1e6))
        event_add(deadline, &interval)
    }

    /// Stops the connection's timer.
    func disarm() {
        if let deadline { event_del(deadline) }
    }
}
