/// The lifecycle state of a task (1.0 names on the wire).
public enum TaskState: String, Sendable, Hashable, Codable, CaseIterable {
    case unspecified = "TASK_STATE_UNSPECIFIED"
    case submitted = "TASK_STATE_SUBMITTED"
    case working = "TASK_STATE_WORKING"
    case completed = "TASK_STATE_COMPLETED"
    case failed = "TASK_STATE_FAILED"
    case canceled = "TASK_STATE_CANCELED"
    case inputRequired = "TASK_STATE_INPUT_REQUIRED"
    case rejected = "TASK_STATE_REJECTED"
    case authRequired = "TASK_STATE_AUTH_REQUIRED"

    /// Completed, failed, canceled or rejected: nothing more will happen.
    public var isTerminal: Bool {
        switch self {
        case .completed, .failed, .canceled, .rejected: true
        default: false
        }
    }

    /// Input-required or auth-required: the task waits for the client.
    public var isInterrupted: Bool {
        self == .inputRequired || self == .authRequired
    }

    /// The 0.3 spelling: `completed`, `input-required`, ...
    public var v03Name: String {
        switch self {
        case .unspecified: "unknown"
        case .submitted: "submitted"
        case .working: "working"
        case .completed: "completed"
        case .failed: "failed"
        case .canceled: "canceled"
        case .inputRequired: "input-required"
        case .rejected: "rejected"
        case .authRequired: "auth-required"
        }
    }

    /// Parses the 0.3 spelling.
    public init?(v03Name: String) {
        guard let state = TaskState.allCases.first(where: { $0.v03Name == v03Name }) else { return nil }
        self = state
    }
}
