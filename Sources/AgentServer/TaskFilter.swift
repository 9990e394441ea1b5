import A2AProtocol

/// What ListTasks asks for: a context, a state, and a status timestamp to be later than.
/// Empty or unspecified values match every task.
struct TaskFilter {
    var contextId: String?
    var state: TaskState?
    /// ISO 8601 UTC, compared as text (every timestamp the server writes has the same form).
    var statusTimestampAfter: String?

    init(_ request: ListTasksRequest) {
        contextId = request.contextId.flatMap { $0.isEmpty ? nil : $0 }
        state = request.status.flatMap { $0 == .unspecified ? nil : $0 }
        statusTimestampAfter = request.statusTimestampAfter.flatMap { $0.isEmpty ? nil : $0 }
    }

    func matches(contextId: @autoclosure () -> String, state: TaskState, statusTimestamp: @autoclosure () -> String?) -> Bool {
        if let wanted = self.state, wanted != state { return false }
        if let wanted = self.contextId, wanted != contextId() { return false }
        if let after = statusTimestampAfter, (statusTimestamp() ?? "") <= after { return false }
        return true
    }
}
