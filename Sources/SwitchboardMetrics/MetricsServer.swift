import HTTPServerCore
import Logging

/// Serves `/metrics` on a loopback port of its own (`--metrics-port`).
public enum MetricsServer {
    /// Binds `host:port` (port 0 picks a free one) and starts serving `registry`.
    /// - Throws: `MetricsPortError` naming the port when it is out of range or cannot be bound.
    public static func start(registry: MetricsRegistry, port: Int, host: String = "127.0.0.1",
                             logger: Logger = Logger(label: "switchboard.metrics")) throws -> HTTPServer {
        guard (0...65_535).contains(port) else {
            throw MetricsPortError(port: port, reason: "must be between 0 and 65535")
        }
        var configuration = HTTPServerConfiguration()
        configuration.host = host
        configuration.port = port
        // A scraper needs few connections and small requests.
        configuration.maxConnections = 64
        configuration.maxBodySize = 1 << 10
        let server = HTTPServer(configuration: configuration, responder: MetricsResponder(registry: registry), logger: logger)
        do {
            try server.start()
        } catch {
            throw MetricsPortError(port: port, reason: "\(error)")
        }
        return server
    }
}

/// `--metrics-port` cannot be used: out of range, or the address cannot be bound (in use).
public struct MetricsPortError: Error, CustomStringConvertible, Sendable {
    public let port: Int
    public let reason: String

    public var description: String { "--metrics-port \(port): \(reason)" }
}
