import A2AProtocol
import Foundation
import HTTPServerCore
import JSONBytes
import Logging

/// Serves one agent over A2A 1.0: the agent card, JSON-RPC at `/` (0.3 method names too) with
/// SSE streaming, and the HTTP+JSON binding. Applies the bearer token and per-client rate limit.
public struct A2AAgentResponder: HTTPResponder {
    /// Runs the tasks.
    public let manager: TaskManager
    /// The card at `/.well-known/agent-card.json`.
    public let card: AgentCardDocument
    let configuration: AgentServerConfiguration
    let rateLimiter: RateLimiter?
    /// Buckets for requests without a valid token, apart from the authenticated clients' ones, so
    /// that a flood of refused requests cannot spend a legitimate client's budget.
    let unauthenticatedLimiter: RateLimiter?
    let logger: Logger
    let metrics: AgentServerMetrics

    public static let cardPath = "/.well-known/agent-card.json"

    public init(manager: TaskManager, card: AgentCardDocument, configuration: AgentServerConfiguration,
                logger: Logger = Logger(label: "switchboard.agent")) {
        self.manager = manager
        self.card = card
        self.configuration = configuration
        self.rateLimiter = configuration.rateLimit.map {
            RateLimiter(rate: $0, burst: max(configuration.rateLimitBurst, 1))
        }
        self.unauthenticatedLimiter = configuration.bearerToken == nil ? nil : configuration.rateLimit.map {
            RateLimiter(rate: $0, burst: max(configuration.rateLimitBurst, 1))
        }
        self.logger = logger
        self.metrics = configuration.metrics ?? AgentServerMetrics()
    }

    /// The card, and the refusal of a request without a valid token, answered on the event-loop
    /// thread without a task hop: refusing is cheaper than serving.
    public func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
        let isCard = request.path == Self.cardPath && (request.method == "GET" || request.method == "HEAD")
        // Without a token nothing else is answered here: no clock read on the requests that go on.
        guard isCard || configuration.bearerToken != nil else { return nil }
        let started = ContinuousClock.now
        if isCard {
            let response = card.response(to: request)
            metrics.record(.getAgentCard, status: response.status, since: started)
            return response
        }
        let refusal = authenticationRefusal(request)
        if let refusal { metrics.record(.other, status: refusal.status, since: started) }
        return refusal
    }

    /// Sets the gauges read rather than counted (tasks in memory); run before metrics are rendered.
    public func sampleMetrics() async {
        metrics.tasks.set(await manager.taskCount)
    }

    /// 401 for a request that lacks the bearer token (429 once its own address's refusals go over
    /// the rate limit), or nil when the request may go on. The card is public.
    func authenticationRefusal(_ request: HTTPRequest) -> HTTPResponse? {
        guard let token = configuration.bearerToken, request.path != Self.cardPath, !BearerAuthorization.carries(token, in: request) else {
            return nil
        }
        if let limiter = unauthenticatedLimiter, let wait = limiter.acquire(request.remoteAddress) {
            metrics.rateLimited.increment()
            return Self.tooManyRequests(request, wait: wait)
        }
        return Self.plainError(
            status: 401, grpcStatus: "UNAUTHENTICATED", message: "A bearer token is required (Authorization: Bearer <token>)",
            extraHeaders: [("WWW-Authenticate", "Bearer realm=\"a2a\"")])
    }

    static func tooManyRequests(_ request: HTTPRequest, wait: Double) -> HTTPResponse {
        let seconds = max(1, Int(wait.rounded(.up)))
        return plainError(
            status: 429, grpcStatus: "RESOURCE_EXHAUSTED",
            message: "Too many requests from \(request.remoteAddress); retry after \(seconds) s",
            extraHeaders: [("Retry-After", String(seconds))])
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let started = ContinuousClock.now
        var method = AgentServerMetrics.Method.other
        var response = await route(request, method: &method)
        let elapsed = started.duration(to: .now)
        metrics.record(method, status: response.status, elapsed: elapsed)
        if case .stream(let body) = response.body {
            let openStreams = metrics.openStreams
            response.body = .stream { writer in
                openStreams.increment()
                defer { openStreams.decrement() }
                try await body(writer)
            }
        }
        let millis = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        logger.info("\(request.method) \(request.path.logSafe) \(response.status) \(Self.tenths(millis))ms")
        return response
    }

    /// Answers `request`, setting `method` to its A2A operation once known.
    private func route(_ request: HTTPRequest, method: inout AgentServerMetrics.Method) async -> HTTPResponse {
        if request.path == Self.cardPath {
            method = .getAgentCard
            return request.method == "GET" || request.method == "HEAD"
                ? card.response(to: request) : Self.methodNotAllowed("GET")
        }
        // Authentication first: only requests with the token spend the clients' rate budget.
        if let refusal = authenticationRefusal(request) { return refusal }
        // Scrapes skip the clients' rate limit: a flood must not hide itself from monitoring.
        if request.path == "/metrics", let endpoint = configuration.metricsEndpoint {
            method = .metrics
            return await endpoint.respond(to: request)
        }
        if let limiter = rateLimiter, let wait = limiter.acquire(request.remoteAddress) {
            metrics.rateLimited.increment()
            return Self.tooManyRequests(request, wait: wait)
        }
        if request.path == "/" || request.path == "//" || request.path.isEmpty {
            return await handleJSONRPC(request, method: &method)
        }
        return await handleREST(request, method: &method)
    }

    /// The `A2A-Version` the client asked for: header first, then the query parameter.
    static func requestedVersion(_ request: HTTPRequest) -> String {
        if let header = request.headers[A2AVersion.headerName], !header.trimmingSpacesAndTabs().isEmpty {
            return A2AVersion.effective(header)
        }
        let query = request.query.first { $0.key.lowercased() == "a2a-version" }?.value
        return A2AVersion.effective(query)
    }

    /// `millis` with one decimal, e.g. "0.4", for the request log line (`String(format:)`
    /// would go through CoreFoundation on every request).
    static func tenths(_ millis: Double) -> String {
        let tenths = Int((millis * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static func methodNotAllowed(_ allow: String) -> HTTPResponse {
        plainError(status: 405, grpcStatus: "UNIMPLEMENTED", message: "Method not allowed; use \(allow)",
                   extraHeaders: [("Allow", allow)])
    }

    static func plainError(status: Int, grpcStatus: String, message: String,
                           extraHeaders: [(String, String)] = []) -> HTTPResponse {
        let body: JSONValue = ["error": ["code": .number(Double(status)), "status": .string(grpcStatus),
                                         "message": .string(message)]]
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        for (name, value) in extraHeaders { headers.add(name, value) }
        return HTTPResponse(status: status, headers: headers, body: .bytes((try? A2AJSON.encode(body)) ?? []))
    }

    static func json<T: Encodable>(_ value: T, status: Int = 200) -> HTTPResponse {
        do {
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"],
                                body: .bytes(try A2AJSON.encode(value)))
        } catch {
            return plainError(status: 500, grpcStatus: "INTERNAL", message: "cannot encode the response: \(error)")
        }
    }

    /// Turns a decoding failure into -32602 naming the field.
    static func invalidParams(_ error: any Error, prefix: String = "") -> A2AError {
        if let error = error as? A2AError { return error }
        guard let decoding = error as? DecodingError else {
            return .invalidParams(field: prefix.isEmpty ? "params" : prefix, "\(error)")
        }
        func path(_ keys: [any CodingKey]) -> String {
            var text = prefix
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "params" : text
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            return .invalidParams(field: path(context.codingPath + [key]), "Field required")
        case .typeMismatch(let type, let context):
            return .invalidParams(field: path(context.codingPath), "expected \(type)")
        case .valueNotFound(let type, let context):
            return .invalidParams(field: path(context.codingPath), "expected \(type), got null")
        case .dataCorrupted(let context):
            return .invalidParams(field: path(context.codingPath), context.debugDescription)
        @unknown default:
            return .invalidParams(field: prefix.isEmpty ? "params" : prefix, "\(decoding)")
        }
    }
}
