import HTTPServerCore

/// Answers `GET /metrics` (and `HEAD`) with the registry in the Prometheus text format; another
/// method gets 405, another path 404. Serve it on a port of its own with `MetricsServer`, or
/// route `/metrics` of another server to it.
public struct MetricsResponder: HTTPResponder {
    /// The path Prometheus scrapes.
    public static let path = "/metrics"
    /// The text exposition format's media type.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    public let registry: MetricsRegistry

    public init(registry: MetricsRegistry) {
        self.registry = registry
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        guard request.path == Self.path else {
            return HTTPResponse(status: 404, headers: ["Content-Type": "text/plain; charset=utf-8"],
                                text: "No metrics at \(request.path); scrape \(Self.path)\n")
        }
        guard request.method == "GET" || request.method == "HEAD" else {
            return HTTPResponse(status: 405, headers: ["Content-Type": "text/plain; charset=utf-8", "Allow": "GET, HEAD"],
                                text: "Method \(request.method) not allowed on \(Self.path); use GET\n")
        }
        return HTTPResponse(status: 200, headers: ["Content-Type": Self.contentType, "Cache-Control": "no-store"],
                            body: .bytes(await registry.render()))
    }
}
