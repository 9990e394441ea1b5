import Foundation
import JSONBytes

/// A model call failed. `isRetryable` and `retryAfter` tell the durable engine what to do;
/// the message never contains a key or token.
public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure it was.
    public enum Kind: String, Sendable, Equatable {
        case badRequest, unauthorized, forbidden, notFound, unprocessable, contentFiltered
        case rateLimited, timeout, conflict, serverError, transport, invalidResponse, notConfigured
    }

    public var kind: Kind
    /// The HTTP status, when the server answered.
    public var status: Int?
    /// The server's `Retry-After`, for 429 and 503.
    public var retryAfter: Duration?
    public var message: String

    public init(kind: Kind, status: Int? = nil, retryAfter: Duration? = nil, message: String) {
        self.kind = kind
        self.status = status
        self.retryAfter = retryAfter
        self.message = message
    }

    /// Retryable: 408, 409, 429, 5xx, timeouts and connection failures. Not: 400, 401, 403, 404,
    /// 422, a content-filter refusal, missing settings.
    public var isRetryable: Bool {
        switch kind {
        case .rateLimited, .timeout, .conflict, .serverError, .transport, .invalidResponse: true
        case .badRequest, .unauthorized, .forbidden, .notFound, .unprocessable, .contentFiltered, .notConfigured: false
        }
    }

    public var description: String { message }

    /// Classifies an HTTP error answer. `credential` names the setting that holds the key.
    static func from(status: Int, body: String, retryAfter: String?, provider: String, credential: String) -> ModelError {
        let detail = Self.serverMessage(body)
        let suffix = detail.isEmpty ? "" : ": \(detail)"
        switch status {
        case 400 where body.contains("content_filter") || body.contains("ResponsibleAIPolicyViolation"):
            return ModelError(kind: .contentFiltered, status: status, message: "\(provider) refused the prompt (content filter)\(suffix)")
        case 400: return ModelError(kind: .badRequest, status: status, message: "\(provider) rejected the request (400)\(suffix)")
        case 401: return ModelError(kind: .unauthorized, status: status, message: "\(credential) was rejected by \(provider) (401)\(suffix)")
        case 403: return ModelError(kind: .forbidden, status: status, message: "\(credential) is not allowed to use \(provider) (403)\(suffix)")
        case 404: return ModelError(kind: .notFound, status: status, message: "\(provider): model or deployment not found (404)\(suffix)")
        case 408: return ModelError(kind: .timeout, status: status, message: "\(provider) timed out (408)")
        case 409: return ModelError(kind: .conflict, status: status, message: "\(provider) reported a conflict (409)\(suffix)")
        case 422: return ModelError(kind: .unprocessable, status: status, message: "\(provider) could not process the request (422)\(suffix)")
        case 429:
            return ModelError(kind: .rateLimited, status: status, retryAfter: parseRetryAfter(retryAfter),
                              message: "\(provider) is rate limiting (429)\(retryAfter.map { ", retry after \($0)" } ?? "")")
        case 500...599:
            return ModelError(kind: .serverError, status: status, retryAfter: parseRetryAfter(retryAfter),
                              message: "\(provider) failed with HTTP \(status)\(suffix)")
        default: return ModelError(kind: .invalidResponse, status: status, message: "\(provider) answered HTTP \(status)\(suffix)")
        }
    }

    /// `Retry-After` in seconds or as an HTTP date.
    static func parseRetryAfter(_ value: String?) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value) { return .milliseconds(Int64(max(0, seconds) * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        return .milliseconds(Int64(max(0, date.timeIntervalSinceNow) * 1000))
    }

    private static func serverMessage(_ body: String) -> String {
        guard let message = (try? JSONValue.parse(Array(body.utf8)))?["error"]?["message"]?.stringValue
        else { return String(body.prefix(200)) }
        return String(message.prefix(300))
    }
}
