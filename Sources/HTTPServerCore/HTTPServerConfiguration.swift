/// Bounds and addresses for `HTTPServer`. Every limit is configurable.
public struct HTTPServerConfiguration: Sendable {
    /// The address to bind; loopback by default.
    public var host: String
    /// The port to bind; 0 picks a free port (read it back from `HTTPServer.port`).
    public var port: Int
    /// The largest accepted request body, in bytes; a bigger one is answered with 413.
    public var maxBodySize: Int
    /// The largest accepted request header block, in bytes; a bigger one is answered with 431/400.
    public var maxHeaderSize: Int
    /// Seconds a connection may sit between requests, or stall a response it does not read,
    /// before it is closed.
    public var idleTimeoutSeconds: Int
    /// Seconds from a request's first byte to the end of its headers (at most the idle
    /// timeout); a client that trickles its headers in is answered 408 and closed.
    public var headerTimeoutSeconds: Double
    /// Seconds from the end of the headers to the end of the body; then 408 and close.
    public var bodyTimeoutSeconds: Double
    /// The most connections open at once, counting every accepted socket, whether or not it has
    /// sent a request; a connection over the limit is answered 503 and closed.
    public var maxConnections: Int
    /// The listen backlog (the kernel's accept queue); at least 1024.
    public var backlog: Int
    /// Seconds between SSE keep-alive comments on an open stream.
    public var streamHeartbeatSeconds: Int
    /// Seconds a graceful shutdown waits for running requests before it closes them.
    public var shutdownGraceSeconds: Double
    /// Bytes queued on a streaming connection above which `ResponseBodyWriter.write` waits.
    public var streamHighWaterMark: Int

    public init(
        host: String = "127.0.0.1", port: Int = 0, maxBodySize: Int = 1 << 20, maxHeaderSize: Int = 16 << 10,
        idleTimeoutSeconds: Int = 60, headerTimeoutSeconds: Double = 10, bodyTimeoutSeconds: Double = 30,
        maxConnections: Int = 4096, backlog: Int = 4096,
        streamHeartbeatSeconds: Int = 15, shutdownGraceSeconds: Double = 5, streamHighWaterMark: Int = 256 << 10
    ) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.maxHeaderSize = maxHeaderSize
        self.idleTimeoutSeconds = idleTimeoutSeconds
        self.headerTimeoutSeconds = headerTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.maxConnections = maxConnections
        self.backlog = backlog
        self.streamHeartbeatSeconds = streamHeartbeatSeconds
        self.shutdownGraceSeconds = shutdownGraceSeconds
        self.streamHighWaterMark = streamHighWaterMark
    }
}
