/// History event types, named as in Temporal (`EVENT_TYPE_*` in JSON output).
public enum EventType: String, Codable, Sendable, CaseIterable {
    case workflowExecutionStarted = "WorkflowExecutionStarted"
    case workflowExecutionCompleted = "WorkflowExecutionCompleted"
    case workflowExecutionFailed = "WorkflowExecutionFailed"
    case workflowExecutionCanceled = "WorkflowExecutionCanceled"
    case workflowExecutionTerminated = "WorkflowExecutionTerminated"
    case workflowExecutionContinuedAsNew = "WorkflowExecutionContinuedAsNew"
    case workflowExecutionCancelRequested = "WorkflowExecutionCancelRequested"
    case workflowExecutionSignaled = "WorkflowExecutionSignaled"
    case activityTaskScheduled = "ActivityTaskScheduled"
    case activityTaskStarted = "ActivityTaskStarted"
    case activityTaskCompleted = "ActivityTaskCompleted"
    case activityTaskFailed = "ActivityTaskFailed"
    case activityTaskTimedOut = "ActivityTaskTimedOut"
    case timerStarted = "TimerStarted"
    case timerFired = "TimerFired"
    case markerRecorded = "MarkerRecorded"

    /// `EVENT_TYPE_WORKFLOW_EXECUTION_STARTED` and so on.
    public var temporalName: String {
        var name = "EVENT_TYPE"
        for character in rawValue {
            if character.isUppercase { name += "_" }
            name += character.uppercased()
        }
        return name
    }

    /// Events that a workflow's code caused (commands), matched one by one during replay.
    var isCommand: Bool {
        switch self {
        case .activityTaskScheduled, .timerStarted, .markerRecorded: true
        default: false
        }
    }

    /// Events that close a run.
    public var isClosing: Bool {
        switch self {
        case .workflowExecutionCompleted, .workflowExecutionFailed, .workflowExecutionCanceled,
             .workflowExecutionTerminated, .workflowExecutionContinuedAsNew: true
        default: false
        }
    }
}
