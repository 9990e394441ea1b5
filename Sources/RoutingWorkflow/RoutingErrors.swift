import A2AClient
import DurableEngine
import HTTPClient

/// Turns the errors of models, agents and the network into `ApplicationError`s the engine can
/// decide on: retryable or not, with a `Retry-After` delay when the server gave one.
public enum RoutingErrors {
    /// Runs `body` and classifies what it throws; `agent` names the agent in messages.
    public static func classified<T>(agent: String? = nil, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw classify(error, agent: agent)
        }
    }

    /// The engine's view of `error`.
    public static func classify(_ error: any Error, agent: String?) -> any Error {
        if error is ApplicationError || error is CancellationError { return error }
        if let http = error as? HTTPClientError {
            let subject = agent.map { "agent \($0)" } ?? "the model endpoint"
            let what = http.isRetryable ? "\(subject) unreachable: \(http)" : "\(subject): \(http)"
            return ApplicationError(type: "HTTPClientError", message: what, nonRetryable: !http.isRetryable)
        }
        if let a2a = error as? A2AClientError {
            let subject = agent.map { "agent \($0)" } ?? "the agent"
            var message = "\(subject): \(a2a)"
            if case .transport(let transport) = a2a, transport.isRetryable { message = "\(subject) unreachable (\(transport))" }
            return ApplicationError(type: "A2AClientError", message: message, nonRetryable: !a2a.isRetryable,
                                    nextRetryDelay: a2a.retryAfter)
        }
        if let classifiable = error as? any RetryClassifiable {
            return ApplicationError(type: classifiable.errorType, message: classifiable.messageForHistory,
                                    nonRetryable: !classifiable.isRetryable, nextRetryDelay: classifiable.retryAfter)
        }
        return error
    }
}

/// An error that knows whether a retry can help; model and A2A client errors conform.
public protocol RetryClassifiable: Error {
    var isRetryable: Bool { get }
    /// The server's `Retry-After`, when it sent one.
    var retryAfter: Duration? { get }
    /// A short type name for the history, e.g. `ModelError.rateLimited`.
    var errorType: String { get }
    /// A message without credentials.
    var messageForHistory: String { get }
}
