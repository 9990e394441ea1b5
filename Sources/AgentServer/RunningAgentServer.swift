import HTTPServerCore

/// A started agent server.
public struct RunningAgentServer: Sendable {
    public let server: HTTPServer
    public let responder: A2AAgentResponder
    /// e.g. `http://127.0.0.1:9101`.
    public let baseURL: String

    /// The bound port.
    public var port: Int { server.port }

    /// Stops accepting, finishes in-flight requests, closes connections.
    public func shutdown() async { await server.shutdown() }

    /// Runs until SIGINT/SIGTERM, then shuts down gracefully.
    public func runUntilSignal() async { await server.runUntilSignal() }
}
