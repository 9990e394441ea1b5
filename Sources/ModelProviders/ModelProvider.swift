/// A language model behind one interface: OpenAI Chat Completions, the Responses API,
/// Azure OpenAI, or any OpenAI-compatible server.
///
/// Providers never retry: they throw `ModelError`, classified retryable or not, and the
/// durable engine decides.
///
/// ```swift
/// let answer = try await provider.complete(ModelRequest(messages: [.user("Hi")]))
/// for try await piece in provider.stream(request) { print(piece, terminator: "") }
/// ```
public protocol ModelProvider: Sendable {
    /// A short label for logs and errors, e.g. `openai:gpt-4o-mini` (never a credential).
    var description: String { get }

    /// Returns the model's whole answer.
    /// - Throws: `ModelError`.
    func complete(_ request: ModelRequest) async throws -> String

    /// Streams the answer as text deltas while the model produces them.
    /// Cancelling the consuming task aborts the request.
    func stream(_ request: ModelRequest) -> AsyncThrowingStream<String, any Error>
}
