import DurableEngine
import TemporalProtos

typealias TCommand = Temporal_Api_Command_V1_Command

/// What one run of the workflow runtime produced, as Temporal commands: the new commands in
/// order, then the command that closes the run, if it closed.
enum TemporalCommands {
    /// The key of a marker's details map that holds the engine's one payload.
    static let markerDetailsKey = "data"
    /// The engine's per-attempt default when an activity sets neither start- nor schedule-to-close.
    static let defaultAttemptTimeout: Duration = .seconds(600)

    /// - Throws: when a payload cannot be sealed.
    static func commands(for result: WorkflowTaskResult, workflowType: String, taskQueue: String,
                         payloads: TemporalPayloads) throws -> [TCommand] {
        var commands = try result.commands.map { try command(for: $0, taskQueue: taskQueue, payloads: payloads) }
        var close = TCommand()
        switch result.outcome {
        case .blocked:
            return commands
        case .completed(let payload):
            close.commandType = .completeWorkflowExecution
            var attributes = Temporal_Api_Command_V1_CompleteWorkflowExecutionCommandAttributes()
            attributes.result = try payloads.payloads(payload)
            close.completeWorkflowExecutionCommandAttributes = attributes
        case .failed(let failure):
            close.commandType = .failWorkflowExecution
            var attributes = Temporal_Api_Command_V1_FailWorkflowExecutionCommandAttributes()
            attributes.failure = payloads.failure(failure)
            close.failWorkflowExecutionCommandAttributes = attributes
        case .canceled:
            close.commandType = .cancelWorkflowExecution
            close.cancelWorkflowExecutionCommandAttributes = Temporal_Api_Command_V1_CancelWorkflowExecutionCommandAttributes()
        case .continuedAsNew(let input):
            close.commandType = .continueAsNewWorkflowExecution
            var attributes = Temporal_Api_Command_V1_ContinueAsNewWorkflowExecutionCommandAttributes()
            attributes.workflowType.name = workflowType
            attributes.taskQueue = .normal(taskQueue)
            attributes.input = try payloads.payloads(input)
            close.continueAsNewWorkflowExecutionCommandAttributes = attributes
        }
        commands.append(close)
        return commands
    }

    static func command(for command: WorkflowCommand, taskQueue: String, payloads: TemporalPayloads) throws -> TCommand {
        var converted = TCommand()
        switch command {
        case .scheduleActivity(let activityID, let activityType, let input, let options):
            converted.commandType = .scheduleActivityTask
            var attributes = Temporal_Api_Command_V1_ScheduleActivityTaskCommandAttributes()
            attributes.activityID = activityID
            attributes.activityType.name = activityType
            attributes.taskQueue = .normal(taskQueue)
            attributes.input = try payloads.payloads(input)
            if let timeout = options.scheduleToCloseTimeout {
                attributes.scheduleToCloseTimeout = TemporalPayloads.protoDuration(timeout)
            }
            if let timeout = options.startToCloseTimeout ?? (options.scheduleToCloseTimeout == nil ? defaultAttemptTimeout : nil) {
                attributes.startToCloseTimeout = TemporalPayloads.protoDuration(timeout)
            }
            if let timeout = options.heartbeatTimeout { attributes.heartbeatTimeout = TemporalPayloads.protoDuration(timeout) }
            attributes.retryPolicy = retryPolicy(options.retryPolicy)
            converted.scheduleActivityTaskCommandAttributes = attributes
        case .startTimer(let timerID, let duration):
            converted.commandType = .startTimer
            var attributes = Temporal_Api_Command_V1_StartTimerCommandAttributes()
            attributes.timerID = timerID
            attributes.startToFireTimeout = TemporalPayloads.protoDuration(duration)
            converted.startTimerCommandAttributes = attributes
        case .recordMarker(let name, let details):
            converted.commandType = .recordMarker
            var attributes = Temporal_Api_Command_V1_RecordMarkerCommandAttributes()
            attributes.markerName = name
            if let details { attributes.details[markerDetailsKey] = try payloads.payloads(details) }
            converted.recordMarkerCommandAttributes = attributes
        }
        return converted
    }

    static func retryPolicy(_ policy: RetryPolicy) -> Temporal_Api_Common_V1_RetryPolicy {
        var converted = Temporal_Api_Common_V1_RetryPolicy()
        converted.initialInterval = TemporalPayloads.protoDuration(policy.initialInterval)
        converted.backoffCoefficient = max(policy.backoffCoefficient, 1)
        converted.maximumInterval = TemporalPayloads.protoDuration(policy.effectiveMaximumInterval)
        converted.maximumAttempts = Int32(clamping: policy.maximumAttempts)
        converted.nonRetryableErrorTypes = policy.nonRetryableErrorTypes
        return converted
    }
}
