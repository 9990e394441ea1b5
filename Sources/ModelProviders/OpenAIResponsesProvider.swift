import Foundation
import HTTPClient
import JSONBytes

/// The OpenAI Responses API (`/responses`): system messages become `instructions`, the rest `input`.
public struct OpenAIResponsesProvider: ModelProvider {
    let transport: ModelTransport
    let model: String
    public let description: String

    init(endpoint: URL, model: String, authorization: ModelAuthorization, label: String, client: HTTPClient) {
        transport = ModelTransport(endpoint: endpoint, authorization: authorization, label: label, client: client)
        self.model = model
        description = label + " (responses)"
    }

    public func complete(_ request: ModelRequest) async throws -> String {
        let object = try await transport.post(body(request))
        if let text = object["output_text"]?.stringValue { return text }
        let texts = (object["output"]?.arrayValue ?? []).flatMap { item in
            (item["content"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue == "output_text" ? $0["text"]?.stringValue : nil }
        }
        guard !texts.isEmpty else { throw ModelError(kind: .invalidResponse, message: "\(description) answered without output text") }
        return texts.joined()
    }

    public func stream(_ request: ModelRequest) -> AsyncThrowingStream<String, any Error> {
        let events = transport.stream(body(request))
        let label = description
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    for try await event in events {
                        switch event["type"]?.stringValue {
                        case "response.output_text.delta":
                            if let delta = event["delta"]?.stringValue { continuation.yield(delta) }
                        case "response.failed", "error":
                            let message = event["response"]?["error"]?["message"]?.stringValue
                                ?? event["message"]?.stringValue ?? "unknown error"
                            throw ModelError(kind: .serverError, message: "\(label) failed mid-stream: \(message)")
                        case "response.completed":
                            continuation.finish()
                            return
                        default:
                            continue
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
        let instructions = request.messages.filter { $0.role == .system }.map(\.content).joined(separator: "\n\n")
        let input = request.messages.filter { $0.role != .system }.map {
            JSONValue.object(["role": .string($0.role.rawValue), "content": .string($0.content)])
        }
        var body: [String: JSONValue] = ["model": .string(model), "input": .array(input)]
        if !instructions.isEmpty { body["instructions"] = .string(instructions) }
        if let temperature = request.temperature { body["temperature"] = .number(temperature) }
        if let limit = request.maxOutputTokens { body["max_output_tokens"] = .number(Double(max(16, limit))) }
        return body
    }
}
