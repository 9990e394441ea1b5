import Foundation
import HTTPServerCore

/// An OpenAI-compatible server on 127.0.0.1 for tests, on the project's own HTTP server. It
/// speaks Chat Completions (`/v1/chat/completions`, and Azure's `/openai/deployments/{d}/chat/completions`)
/// and the Responses API (`/v1/responses`), whole and streamed, in OpenAI's wire shapes, and
/// follows a script of behaviours (answers, 429/500/401, delays, stalls, drops, bad JSON).
public final class FakeOpenAIServer: @unchecked Sendable {
    // @unchecked Sendable: `script`, `requests` and `fallback` are guarded by `lock`.
    private let lock = NSLock()
    private var script: [FakeModelBehavior] = []
    private var recorded: [HTTPRequest] = []
    private var fallback: FakeModelBehavior
    private var server: HTTPServer?

    /// A server that answers `fallback` once the script is used up.
    public init(fallback: FakeModelBehavior = .answer("This is the fake model's answer.")) {
        self.fallback = fallback
    }

    /// Starts listening on a free port.
    public func start() throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), responder: FakeOpenAIResponder(fake: self))
        try server.start()
        lock.withLock { self.server = server }
    }

    /// Stops the server.
    public func stop() async { await lock.withLock { server }?.shutdown() }

    /// `http://127.0.0.1:<port>/v1`, for `OPENAI_BASE_URL`.
    public var baseURL: String { "http://127.0.0.1:\(lock.withLock { server?.port ?? 0 })/v1" }
    /// `http://127.0.0.1:<port>`, for `AZURE_OPENAI_ENDPOINT`.
    public var rootURL: String { "http://127.0.0.1:\(lock.withLock { server?.port ?? 0 })" }

    /// Queues behaviours for the next requests, in order.
    public func enqueue(_ behaviours: FakeModelBehavior...) { lock.withLock { script += behaviours } }

    /// Sets what happens once the script is used up.
    public func setFallback(_ behaviour: FakeModelBehavior) { lock.withLock { fallback = behaviour } }

    /// How many model requests arrived.
    public var requestCount: Int { lock.withLock { recorded.count } }

    /// The requests that arrived, in order.
    public var requests: [HTTPRequest] { lock.withLock { recorded } }

    func next(for request: HTTPRequest) -> FakeModelBehavior {
        lock.withLock {
            recorded.append(request)
            return script.isEmpty ? fallback : script.removeFirst()
        }
    }
}

/// The HTTP side of `FakeOpenAIServer`.
struct FakeOpenAIResponder: HTTPResponder {
    let fake: FakeOpenAIServer

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        let isChat = request.path.hasSuffix("/chat/completions")
        let isResponses = request.path.hasSuffix("/responses")
        guard request.method == "POST", isChat || isResponses else {
            return HTTPResponse(status: 404, text: #"{"error":{"message":"unknown path","type":"invalid_request_error"}}"#)
        }
        guard let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
            return HTTPResponse(status: 400, text: #"{"error":{"message":"the body is not JSON","type":"invalid_request_error"}}"#)
        }
        let streaming = body["stream"] as? Bool ?? false
        let model = body["model"] as? String ?? "fake-model"
        let wire = FakeOpenAIWire(model: model, responsesAPI: isResponses)
        switch fake.next(for: request) {
        case .answer(let text):
            return streaming ? wire.stream(text) : wire.whole(text)
        case .status(let status, let retryAfter):
            var headers: HTTPHeaders = ["Content-Type": "application/json"]
            if let retryAfter { headers.set("Retry-After", retryAfter) }
            let type = status == 401 ? "invalid_api_key" : status == 429 ? "rate_limit_exceeded" : "server_error"
            return HTTPResponse(status: status, headers: headers,
                                text: #"{"error":{"message":"fake \#(status)","type":"\#(type)","code":"\#(type)"}}"#)
        case .delayFirstByte(let milliseconds, let text):
            try? await Task.sleep(for: .milliseconds(milliseconds))
            return streaming ? wire.stream(text) : wire.whole(text)
        case .stallMidStream(let text, let milliseconds):
            return wire.stream(text, pauseAfterHalf: .milliseconds(milliseconds))
        case .dropMidStream(let text):
            return wire.stream(text, dropAfterHalf: true)
        case .invalidJSON:
            return HTTPResponse(headers: ["Content-Type": "application/json"], text: "{this is not json")
        }
    }
}
