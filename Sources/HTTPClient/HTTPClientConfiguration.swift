/// Defaults and bounds for `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// The connect (TCP + TLS) timeout when a request sets none.
    public var connectTimeout: Duration
    /// The whole-request deadline for `execute` when a request sets none.
    public var totalTimeout: Duration
    /// The longest silence on a stream (`stream`) when a request sets none. At least 60 s by
    /// default, because model and agent streams can think for a while between chunks.
    public var idleTimeout: Duration
    /// The largest body `execute` collects; a bigger one fails with `.responseTooLarge`.
    public var maxResponseBodySize: Int
    /// The most connections open to one host at once (0 = unlimited); further requests queue.
    public var maxConnectionsPerHost: Int
    /// The `User-Agent` header sent unless a request sets its own.
    public var userAgent: String

    public init(
        connectTimeout: Duration = .seconds(10), totalTimeout: Duration = .seconds(60),
        idleTimeout: Duration = .seconds(120), maxResponseBodySize: Int = 64 << 20,
        maxConnectionsPerHost: Int = 0, userAgent: String = "switchboard/0.1"
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.idleTimeout = idleTimeout
        self.maxResponseBodySize = maxResponseBodySize
        self.maxConnectionsPerHost = maxConnectionsPerHost
        self.userAgent = userAgent
    }
}
