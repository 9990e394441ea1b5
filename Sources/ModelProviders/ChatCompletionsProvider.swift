import Foundation
import HTTPClient
import JSONBytes

/// OpenAI Chat Completions (`/chat/completions`), also Azure OpenAI's deployment endpoint and
/// any OpenAI-compatible server (Ollama, vLLM, llama.cpp server).
public struct ChatCompletionsProvider: ModelProvider {
    let transport: ModelTransport
    let model: String
    public let description: String

    init(endpoint: URL, model: String, authorization: ModelAuthorization, label: String, client: HTTPClient) {
        transport = ModelTransport(endpoint: endpoint, authorization: authorization, label: label, client: client)
        self.model = model
        description = label
    }

    public func complete(_ request: ModelRequest) async throws -> String {
        let object = try await transport.post(body(request))
        guard let choice = object["choices"]?.arrayValue?.first else {
            throw ModelError(kind: .invalidResponse, message: "\(description) answered without choices")
        }
        if choice["finish_reason"]?.stringValue == "content_filter" {
            throw ModelError(kind: .contentFiltered, message: "\(description) withheld the answer (content filter)")
        }
        guard let content = choice["message"]?["content"]?.stringValue else {
            throw ModelError(kind: .invalidResponse, message: "\(description) answered without message content")
        }
        return content
    }

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<String, any Error> {
        let events = transport.stream(body(request))
        let label = description
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in events {
                        guard let choice = event["choices"]?.arrayValue?.first else { continue }
                        if choice["finish_reason"]?.stringValue == "content_filter" {
                            throw ModelError(kind: .contentFiltered, message: "\(label) withheld the answer (content filter)")
                        }
                        if let piece = choice["delta"]?["content"]?.stringValue, !piece.isEmpty {
                            continuation.yield(piece)
                        }
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func body(_ request: ModelRequest) -> [String: JSONValue] {
        var body: [String: JSONValue] = [
            "model": .string(model),
            "messages": .array(request.messages.map { ["role": .string($0.role.rawValue), "content": .string($0.content)] }),
        ]
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if let limit = request.maxOutputTokens { body["max_tokens"] = .number(Double(limit)) }
        return body
    }
}
