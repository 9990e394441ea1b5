import A2AProtocol
import Foundation
import HTTPClient

/// Why an A2A call failed, classified for the durable engine: `isRetryable` says whether the
/// same call may succeed later, and `retryAfter` carries the server's `Retry-After`.
public enum A2AClientError: Error, Sendable, CustomStringConvertible {
    /// The agent answered with a JSON-RPC error (codes from A2A §7 and JSON-RPC).
    case protocolError(A2AError)
    /// The agent answered with an HTTP error status.
    case httpStatus(Int, body: String, retryAfter: Duration?)
    /// The request never got an answer: connection refused, timeout, connection lost.
    case transport(HTTPClientError)
    /// The agent's answer could not be understood.
    case invalidResponse(String)
    /// The agent's task ended in a failed, rejected or cancelled state.
    case taskEnded(state: TaskState, message: String)

    public var isRetryable: Bool {
        switch self {
        case .protocolError(let error):
            // Internal errors and unknown tasks may pass; bad requests and unsupported things will not.
            return error.code == -32603
        case .httpStatus(let status, _, _):
            return status == 408 || status == 409 || status == 429 || status >= 500
        case .transport(let error):
            return error.isRetryable
        case .invalidResponse:
            return true
        case .taskEnded(let state, _):
            return state == .failed
        }
    }

    /// The delay the agent asked for (HTTP 429/503 `Retry-After`).
    public var retryAfter: Duration? {
        if case .httpStatus(_, _, let retryAfter) = self { return retryAfter }
        return nil
    }

    public var description: String {
        switch self {
        case .protocolError(let error): "the agent refused the request: \(error)"
        case .httpStatus(let status, let body, _): "the agent answered HTTP \(status): \(body.prefix(200))"
        case .transport(let error): "\(error)"
        case .invalidResponse(let detail): "the agent's answer could not be read: \(detail)"
        case .taskEnded(let state, let message): "the agent's task ended \(state.rawValue): \(message)"
        }
    }

    /// Parses `Retry-After` given in seconds (the HTTP-date form is rare from agents; ignored).
    static func retryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return .milliseconds(Int64(seconds * 1000))
    }
}
