import A2AProtocol
import Foundation
import HTTPClient
import JSONBytes

// Streaming calls: SendStreamingMessage and SubscribeToTask, read as SSE.
extension A2AClient {
    /// Sends a message and yields the task and its updates as the agent produces them. The
    /// stream ends when the agent closes it (at a terminal or interrupted state).
    public func stream(_ message: Message, configuration: SendMessageConfiguration? = nil)
        -> AsyncThrowingStream<StreamResponse, any Error>
    {
        events { endpoint in
            let request = SendMessageRequest(message: message, configuration: configuration)
            if endpoint.isV03 {
                return (A2AMethod.v03Stream.rawValue, try A2AJSON.value(V03.SendParams(request)))
            }
            return (A2AMethod.sendStreamingMessage.rawValue, try A2AJSON.value(request))
        }
    }

    /// Re-attaches to a running task's updates (the first event is a task snapshot).
    public func subscribe(taskID: String) -> AsyncThrowingStream<StreamResponse, any Error> {
        events { endpoint in
            (endpoint.isV03 ? A2AMethod.v03Resubscribe.rawValue : A2AMethod.subscribeToTask.rawValue,
             try A2AJSON.value(TaskIdRequest(id: taskID)))
        }
    }

    private func events(_ build: @escaping @Sendable (A2AInterface) throws -> (String, JSONValue))
        -> AsyncThrowingStream<StreamResponse, any Error>
    {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    let endpoint = try await interface()
                    let (method, params) = try build(endpoint)
                    let body = try A2AJSON.encode(JSONRPCRequest(id: .string(UUID().uuidString), method: method, params: params))
                    let request = HTTPClientRequest(
                        url: endpoint.url, method: .post, headers: headers(streaming: true, version: endpoint.version), body: body,
                        connectTimeout: .seconds(10), idleTimeout: streamIdleTimeout)
                    let response: HTTPClientStream
                    do {
                        response = try await http.stream(request)
                    } catch let error as HTTPClientError {
                        throw A2AClientError.transport(error)
                    }
                    guard (200..<300).contains(response.status) else {
                        let text = String(decoding: (try? await response.collect(upTo: 4096)) ?? [], as: UTF8.self)
                        throw A2AClientError.httpStatus(response.status, body: text,
                                                        retryAfter: A2AClientError.retryAfter(response.headers["Retry-After"]))
                    }
                    // A JSON-RPC error arrives as plain JSON instead of an event stream.
                    if !(response.headers["Content-Type"] ?? "").lowercased().contains("text/event-stream") {
                        let bytes = try await response.collect(upTo: 1 << 20)
                        let _: JSONValue = try Self.decodeRPC(JSONValue.self, from: bytes)
                        throw A2AClientError.invalidResponse("expected an event stream, got \(response.headers["Content-Type"] ?? "no content type")")
                    }
                    do {
                        for try await event in response.events() where !event.data.isEmpty {
                            continuation.yield(try decode(event.data, v03: endpoint.isV03))
                        }
                    } catch let error as HTTPClientError {
                        throw A2AClientError.transport(error)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func decode(_ data: String, v03: Bool) throws -> StreamResponse {
        if v03 {
            return try Self.decodeRPC(V03.Event.self, from: Array(data.utf8)).v10()
        }
        let bytes = Array(data.utf8)
        return try StreamResponse.strictRPCResult(bytes) ?? Self.decodeRPC(StreamResponse.self, from: bytes)
    }
}
