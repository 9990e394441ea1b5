/// What a workflow task asks the engine to do; each becomes a history event.
package enum WorkflowCommand: Sendable, Equatable {
    case scheduleActivity(activityID: String, activityType: String, input: Payload, options: ActivityOptions)
    case startTimer(timerID: String, duration: Duration)
    case recordMarker(name: String, details: Payload?)
}

/// How a workflow task ended.
package enum WorkflowTaskOutcome: Sendable, Equatable {
    /// Waiting on activities, timers or signals.
    case blocked
    case completed(Payload)
    case failed(ActivityFailureInfo)
    case canceled
    case continuedAsNew(Payload)
}

/// Everything one workflow task produced.
package struct WorkflowTaskResult: Sendable {
    package var commands: [WorkflowCommand]
    package var outcome: WorkflowTaskOutcome
    package var queryValues: [String: Payload]
    package var warnings: [String] = []
}
