/// The state of a workflow run, as Temporal names it.
public enum WorkflowStatus: String, Codable, Sendable, CaseIterable {
    case running = "RUNNING"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case canceled = "CANCELED"
    case terminated = "TERMINATED"
    case continuedAsNew = "CONTINUED_AS_NEW"

    /// True for every status but `running`.
    public var isClosed: Bool { self != .running }

    /// `WORKFLOW_EXECUTION_STATUS_COMPLETED` and so on.
    public var temporalName: String { "WORKFLOW_EXECUTION_STATUS_\(rawValue)" }
}
