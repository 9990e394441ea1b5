import GRPCCore

/// Sends the API key on every call as `authorization: Bearer <key>`, as Temporal Cloud reads it.
struct APIKeyInterceptor: ClientInterceptor {
    let header: String

    init(apiKey: String) {
        header = "Bearer \(apiKey)"
    }

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>, context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        var request = request
        request.metadata.replaceOrAddString(header, forKey: "authorization")
        return try await next(request, context)
    }
}
