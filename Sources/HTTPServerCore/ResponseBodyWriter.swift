/// Writes the chunks of a streamed response body. Safe to call from any task; the bytes are
/// handed to the event-loop thread, which alone touches libevent.
public protocol ResponseBodyWriter: Sendable {
    /// Queues `bytes` as one chunk. Suspends while the connection's output buffer is over
    /// its high-water mark (backpressure).
    /// - Throws: `CancellationError` once the client has disconnected or the server is stopping.
    func write(_ bytes: [UInt8]) async throws

    /// True once the client has gone away or the server is shutting down.
    var isClosed: Bool { get }
}

extension ResponseBodyWriter {
    /// Queues the UTF-8 bytes of `text` as one chunk.
    public func write(_ text: String) async throws {
        try await write(Array(text.utf8))
    }
}
