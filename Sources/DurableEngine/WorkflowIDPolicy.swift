/// What `start` does when a run with the same workflow ID is still running.
public enum WorkflowIDConflictPolicy: String, Codable, Sendable, CaseIterable {
    /// Refuse: `WorkflowAlreadyStarted`.
    case fail
    /// Return the running run instead of starting one.
    case useExisting = "use-existing"
    /// Terminate the running run, then start.
    case terminateExisting = "terminate-existing"
}

/// What `start` does when only closed runs with the same workflow ID exist.
public enum WorkflowIDReusePolicy: String, Codable, Sendable, CaseIterable {
    case allowDuplicate = "allow-duplicate"
    /// Start only if the last run failed, was cancelled or terminated.
    case allowDuplicateFailedOnly = "allow-duplicate-failed-only"
    case rejectDuplicate = "reject-duplicate"
}

/// `start` was refused by the workflow-ID policies.
public struct WorkflowAlreadyStarted: Error, CustomStringConvertible, Sendable {
    public var workflowID: String
    public var runID: String
    public var reason: String
    public var description: String { "workflow \(workflowID) was not started: \(reason) (run \(runID))" }
}

/// No workflow has this ID.
public struct WorkflowNotFound: Error, CustomStringConvertible, Sendable {
    public var workflowID: String
    public var description: String { "no workflow with ID \(workflowID) in this history" }
}
