import Foundation
import HTTPClient
import JSONBytes

/// Posts JSON to a model endpoint and classifies every failure as a `ModelError`.
struct ModelTransport: Sendable {
    let endpoint: URL
    let authorization: ModelAuthorization
    let label: String
    let client: HTTPClient
    /// Whole requests may take this long.
    var totalTimeout: Duration = .seconds(120)
    /// Streams may be silent this long (no total deadline while tokens keep coming).
    var idleTimeout: Duration = .seconds(90)

    /// Sends `body` (a JSON object) and returns the decoded JSON object.
    func post(_ body: [String: JSONValue]) async throws -> JSONValue {
        var request = try await makeRequest(try Self.encode(body, streaming: false), streaming: false)
        request.totalTimeout = totalTimeout
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request)
        } catch let error as HTTPClientError {
            throw transportError(error)
        }
        guard (200..<300).contains(response.status) else {
            throw ModelError.from(status: response.status, body: response.text, retryAfter: response.headers["Retry-After"],
                                  provider: label, credential: authorization.variable)
        }
        guard let object = try? JSONValue.parse(response.body), object.objectValue != nil else {
            throw ModelError(kind: .invalidResponse, message: "\(label) returned something that is not JSON: \(response.text.prefix(120))")
        }
        return object
    }

    /// Sends `body` with `"stream": true` and yields each SSE `data` payload as JSON (stops at `[DONE]`).
    func stream(_ body: [String: JSONValue]) -> AsyncThrowingStream<JSONValue, any Error> {
        let encoded = Result { try Self.encode(body, streaming: true) }
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    var request = try await makeRequest(try encoded.get(), streaming: true)
                    request.idleTimeout = idleTimeout
                    let response: HTTPClientStream
                    do {
                        response = try await client.stream(request)
                    } catch let error as HTTPClientError {
                        throw transportError(error)
                    }
                    guard (200..<300).contains(response.status) else {
                        let text = String(decoding: (try? await response.collect(upTo: 65536)) ?? [], as: UTF8.self)
                        throw ModelError.from(status: response.status, body: text, retryAfter: response.headers["Retry-After"],
                                              provider: label, credential: authorization.variable)
                    }
                    do {
                        for try await event in response.events() {
                            if event.data == "[DONE]" { break }
                            guard let object = try? JSONValue.parse(Array(event.data.utf8)), object.objectValue != nil else {
                                throw ModelError(kind: .invalidResponse, message: "\(label) streamed an event that is not JSON: \(event.data.prefix(120))")
                            }
                            continuation.yield(object)
                        }
                    } catch let error as HTTPClientError {
                        throw transportError(error)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private static func encode(_ body: [String: JSONValue], streaming: Bool) throws -> [UInt8] {
        var json = body
        json["stream"] = .bool(streaming)
        return try JSONValue.object(json).jsonBytes()
    }

    private func makeRequest(_ body: [UInt8], streaming: Bool) async throws -> HTTPClientRequest {
        var headers: HTTPClientHeaders = ["Content-Type": "application/json", "Accept": streaming ? "text/event-stream" : "application/json"]
        try await authorization.apply(to: &headers)
        return HTTPClientRequest(url: endpoint, method: .post, headers: headers, body: body, connectTimeout: .seconds(10))
    }

    private func transportError(_ error: HTTPClientError) -> ModelError {
        if case .timedOut = error { return ModelError(kind: .timeout, message: "\(label): \(error)") }
        if error.isRetryable { return ModelError(kind: .transport, message: "\(label) unreachable: \(error)") }
        return ModelError(kind: .badRequest, message: "\(label): \(error)")
    }
}
