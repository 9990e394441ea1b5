import A2AProtocol
import Foundation
import HTTPClient

/// A client for any A2A agent: reads its card, picks a JSON-RPC interface (1.0 first, 0.3 when
/// the card offers nothing newer), and sends, streams, gets, cancels and subscribes.
/// It never retries; `A2AClientError.isRetryable` tells the caller whether to.
///
/// ```swift
/// let agent = A2AClient(baseURL: URL(string: "http://127.0.0.1:9101")!)
/// for try await event in agent.stream(Message(messageId: "m-1", role: .user, parts: [Part(.text("Hi"))])) { ... }
/// ```
public struct A2AClient: Sendable {
    public let baseURL: URL
    let http: HTTPClient
    let bearerToken: String?
    /// The longest silence tolerated on a stream (the agent sends heartbeats meanwhile).
    public var streamIdleTimeout: Duration
    /// The agent's card when the caller has it already (fetched lately): calls choose their
    /// interface from it instead of fetching it first.
    public var knownCard: AgentCard?

    public init(baseURL: URL, httpClient: HTTPClient = .shared, bearerToken: String? = nil,
                streamIdleTimeout: Duration = .seconds(120)) {
        self.baseURL = baseURL
        http = httpClient
        self.bearerToken = bearerToken
        self.streamIdleTimeout = streamIdleTimeout
    }

    /// Fetches `/.well-known/agent-card.json`.
    public func fetchCard() async throws -> AgentCard {
        let url = baseURL.appendingPathComponent(".well-known/agent-card.json")
        let response = try await perform(HTTPClientRequest(url: url, headers: headers(streaming: false), totalTimeout: .seconds(10)))
        do {
            return try A2AJSON.decode(AgentCard.self, from: response.body)
        } catch {
            // A 0.3 agent publishes a card with a top-level `url` instead of `supportedInterfaces`.
            if let legacy = try? A2AJSON.decode(V03.AgentCard.self, from: response.body) { return legacy.v10() }
            throw A2AClientError.invalidResponse("the agent card at \(url) does not decode: \(error)")
        }
    }

    /// The endpoint and wire version to use, from the card.
    public func interface() async throws -> A2AInterface {
        if let knownCard { return try A2AInterface.choose(from: knownCard, baseURL: baseURL) }
        return try A2AInterface.choose(from: try await fetchCard(), baseURL: baseURL)
    }

    /// Sends a message and waits for the task (or direct message) it produced.
    public func send(_ message: Message, configuration: SendMessageConfiguration? = nil) async throws -> SendMessageResponse {
        let endpoint = try await interface()
        let request = SendMessageRequest(message: message, configuration: configuration)
        if endpoint.isV03 {
            let event: V03.Event = try await call(endpoint, method: A2AMethod.v03Send.rawValue, params: V03.SendParams(request))
            switch try event.v10() {
            case .task(let task): return .task(task)
            case .message(let message): return .message(message)
            default: throw A2AClientError.invalidResponse("message/send returned an update event")
            }
        }
        return try await call(endpoint, method: A2AMethod.sendMessage.rawValue, params: request)
    }

    /// Gets a task, with at most `historyLength` messages of history.
    public func getTask(id: String, historyLength: Int? = nil) async throws -> A2ATask {
        let endpoint = try await interface()
        let params = GetTaskRequest(id: id, historyLength: historyLength)
        if endpoint.isV03 {
            let task: V03.Task = try await call(endpoint, method: A2AMethod.v03GetTask.rawValue, params: params)
            return try task.v10()
        }
        return try await call(endpoint, method: A2AMethod.getTask.rawValue, params: params)
    }

    /// Cancels a task.
    public func cancelTask(id: String) async throws -> A2ATask {
        let endpoint = try await interface()
        if endpoint.isV03 {
            let task: V03.Task = try await call(endpoint, method: A2AMethod.v03CancelTask.rawValue, params: TaskIdRequest(id: id))
            return try task.v10()
        }
        return try await call(endpoint, method: A2AMethod.cancelTask.rawValue, params: TaskIdRequest(id: id))
    }

    /// One JSON-RPC call with a plain JSON result.
    func call<Params: Codable & Sendable, Result: Codable & Sendable>(
        _ endpoint: A2AInterface, method: String, params: Params
    ) async throws -> Result {
        let body = try A2AJSON.encode(JSONRPCRequest(id: .string(UUID().uuidString), method: method, params: params))
        let response = try await perform(HTTPClientRequest(
            url: endpoint.url, method: .post, headers: headers(streaming: false, version: endpoint.version), body: body,
            totalTimeout: .seconds(300)))
        return try Self.decodeRPC(Result.self, from: response.body)
    }

    static func decodeRPC<Result: Codable & Sendable>(_ type: Result.Type, from body: [UInt8]) throws -> Result {
        let envelope: JSONRPCResponse<Result>
        do {
            envelope = try A2AJSON.decode(JSONRPCResponse<Result>.self, from: body)
        } catch {
            throw A2AClientError.invalidResponse("not a JSON-RPC response: \(String(decoding: body.prefix(200), as: UTF8.self))")
        }
        if let error = envelope.error { throw A2AClientError.protocolError(error) }
        guard let result = envelope.result else { throw A2AClientError.invalidResponse("JSON-RPC response without result") }
        return result
    }

    func headers(streaming: Bool, version: String = A2AVersion.current) -> HTTPClientHeaders {
        var headers: HTTPClientHeaders = ["A2A-Version": version, "Content-Type": "application/json"]
        headers.add("Accept", streaming ? "text/event-stream" : "application/json")
        if let bearerToken { headers.add("Authorization", "Bearer \(bearerToken)") }
        return headers
    }

    /// Executes a plain request; non-2xx statuses become `A2AClientError.httpStatus`.
    func perform(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request)
        } catch let error as HTTPClientError {
            throw A2AClientError.transport(error)
        }
        guard (200..<300).contains(response.status) else {
            throw A2AClientError.httpStatus(response.status, body: response.text,
                                            retryAfter: A2AClientError.retryAfter(response.headers["Retry-After"]))
        }
        return response
    }
}
