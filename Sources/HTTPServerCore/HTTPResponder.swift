/// Answers HTTP requests. The server knows nothing else about the application.
///
/// ```swift
/// struct Hello: HTTPResponder {
///     func respond(to request: HTTPRequest) async -> HTTPResponse {
///         HTTPResponse(text: "hello\n")
///     }
/// }
/// ```
public protocol HTTPResponder: Sendable {
    /// Answers a request in a Swift task.
    func respond(to request: HTTPRequest) async -> HTTPResponse

    /// A synchronous fast path, called on the event-loop thread before `respond(to:)`.
    /// Return a response for cheap requests (a cached agent card, a health check) to skip the
    /// hop to a task; return nil to fall through to `respond(to:)`. It must not block.
    func respondImmediately(to request: HTTPRequest) -> HTTPResponse?
}

extension HTTPResponder {
    public func respondImmediately(to request: HTTPRequest) -> HTTPResponse? { nil }
}
