/// The workflow's code issued a different command than its history recorded at the same
/// position: the code changed incompatibly while the workflow was in flight.
public struct NonDeterminismError: Error, CustomStringConvertible, Sendable {
    public var position: Int
    public var expected: String
    public var found: String

    public var description: String {
        "non-determinism at command \(position): the history has \(expected), the code now issues \(found)"
    }
}

/// Thrown into workflow code at an await when the workflow's cancellation was requested.
public struct WorkflowCancelled: Error, CustomStringConvertible, Sendable {
    public var description: String { "the workflow was cancelled" }
}

/// A workflow ended without a result: failed, cancelled, terminated or timed out.
public struct WorkflowFailed: Error, CustomStringConvertible, Sendable {
    public var workflowID: String
    public var status: WorkflowStatus
    public var message: String

    public init(workflowID: String, status: WorkflowStatus, message: String) {
        self.workflowID = workflowID
        self.status = status
        self.message = message
    }

    public var description: String { "workflow \(workflowID) \(status.rawValue.lowercased()): \(message)" }
}

/// Internal: unwinds workflow code when it must wait; user code never needs to catch it.
struct WorkflowSuspension: Error {}

/// Internal: unwinds workflow code that asked to continue as new.
struct ContinueAsNewRequest: Error {}
