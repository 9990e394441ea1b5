/// What a workflow task asks the engine to do; each becomes a history event.
enum WorkflowCommand: Sendable, Equatable {
    case scheduleActivity(activityID: String, activityType: String, input: Payload, options: ActivityOptions)
    case startTimer(timerID: String, duration: Duration)
    case recordMarker(name: String, details: Payload?)
}

/// How a workflow task ended.
enum WorkflowTaskOutcome: Sendable, Equatable {
    /// Waiting on activities, timers or signals.
    case blocked
    case completed(Payload)
    case failed(ActivityFailureInfo)
    case canceled
    case continuedAsNew(Payload)
}

/// Everything one workflow task produced.
struct WorkflowTaskResult: Sendable {
    var commands: [WorkflowCommand]
    var outcome: WorkflowTaskOutcome
    var queryValues: [String: Payload]
    var warnings: [String] = []
}
