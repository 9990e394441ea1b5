import A2AProtocol

extension A2AClient {
    /// Lists the agent's tasks, one page at a time (A2A 1.0 `ListTasks`; 0.3 has no such method).
    public func listTasks(_ request: ListTasksRequest = ListTasksRequest()) async throws -> ListTasksResponse {
        let endpoint = try await interface()
        guard !endpoint.isV03 else { throw A2AClientError.invalidResponse("the agent speaks A2A 0.3, which has no ListTasks") }
        return try await call(endpoint, method: A2AMethod.listTasks.rawValue, params: request)
    }
}
