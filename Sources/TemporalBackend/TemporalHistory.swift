import DurableEngine
import Foundation
import TemporalProtos

typealias THistoryEvent = Temporal_Api_History_V1_HistoryEvent

/// A Temporal history as the engine's workflow runtime reads it. Events keep their Temporal
/// IDs; those the runtime has no use for (workflow-task and activity-started events) are left
/// out, since it orders events by ID and finds results through `scheduledEventID`.
enum TemporalHistory {
    /// The runtime's events for a Temporal history that starts with WorkflowExecutionStarted.
    /// - Throws: `TemporalError` for a history that does not start so, a command event this
    ///   backend never issues (child workflows, external signals, ...), or an unreadable payload.
    static func engineEvents(_ events: [THistoryEvent], payloads: TemporalPayloads) throws -> [HistoryEvent] {
        guard let first = events.first, case .workflowExecutionStartedEventAttributes = first.attributes else {
            throw TemporalError.protocolViolation("the history does not begin with WorkflowExecutionStarted")
        }
        var converted: [HistoryEvent] = []
        var attempts: [Int64: Int] = [:]   // scheduled event ID -> the attempt that started
        for event in events {
            var attributes = EventAttributes()
            let type: EventType
            switch event.attributes {
            case .workflowExecutionStartedEventAttributes(let started):
                type = .workflowExecutionStarted
                attributes.workflowType = started.workflowType.name
                attributes.input = try payloads.first(started.input, what: "the workflow's input")
                attributes.identity = started.identity
                if !started.continuedExecutionRunID.isEmpty { attributes.continuedExecutionRunID = started.continuedExecutionRunID }
            case .activityTaskScheduledEventAttributes(let scheduled):
                type = .activityTaskScheduled
                attributes.activityID = scheduled.activityID
                attributes.activityType = scheduled.activityType.name
            case .activityTaskStartedEventAttributes(let started):
                attempts[started.scheduledEventID] = Int(started.attempt)
                continue
            case .activityTaskCompletedEventAttributes(let completed):
                type = .activityTaskCompleted
                attributes.scheduledEventID = Int(completed.scheduledEventID)
                attributes.result = try payloads.first(completed.result, what: "an activity's result")
            case .activityTaskFailedEventAttributes(let failed):
                type = .activityTaskFailed
                attributes.scheduledEventID = Int(failed.scheduledEventID)
                attributes.failure = payloads.failureInfo(failed.failure)
                attributes.attempt = attempts[failed.scheduledEventID]
            case .activityTaskTimedOutEventAttributes(let timedOut):
                type = .activityTaskTimedOut
                attributes.scheduledEventID = Int(timedOut.scheduledEventID)
                attributes.failure = payloads.failureInfo(timedOut.failure)
                attributes.attempt = attempts[timedOut.scheduledEventID]
            case .timerStartedEventAttributes(let timer):
                type = .timerStarted
                attributes.timerID = timer.timerID
                attributes.startToFireTimeout = TemporalPayloads.duration(timer.startToFireTimeout)
            case .timerFiredEventAttributes(let fired):
                type = .timerFired
                attributes.timerID = fired.timerID
                attributes.scheduledEventID = Int(fired.startedEventID)
            case .markerRecordedEventAttributes(let marker):
                type = .markerRecorded
                attributes.markerName = marker.markerName
                if let details = marker.details[TemporalCommands.markerDetailsKey] {
                    attributes.details = try payloads.first(details, what: "marker \(marker.markerName)'s details")
                }
            case .workflowExecutionSignaledEventAttributes(let signal):
                type = .workflowExecutionSignaled
                attributes.signalName = signal.signalName
                attributes.identity = signal.identity
                if !signal.input.payloads.isEmpty {
                    // A payload we cannot read is kept as text that is not JSON: the runtime passes
                    // over a signal whose payload does not decode, as it does for any bad signal.
                    attributes.input = (try? payloads.first(signal.input, what: "signal \(signal.signalName)"))
                        ?? Payload(data: Array("unreadable payload".utf8))
                }
            case .workflowExecutionCancelRequestedEventAttributes(let cancel):
                type = .workflowExecutionCancelRequested
                attributes.reason = cancel.cause
            case .workflowTaskScheduledEventAttributes, .workflowTaskStartedEventAttributes, .workflowTaskCompletedEventAttributes,
                 .workflowTaskFailedEventAttributes, .workflowTaskTimedOutEventAttributes, .workflowExecutionCompletedEventAttributes,
                 .workflowExecutionFailedEventAttributes, .workflowExecutionTimedOutEventAttributes,
                 .workflowExecutionTerminatedEventAttributes, .workflowExecutionCanceledEventAttributes,
                 .workflowExecutionContinuedAsNewEventAttributes:
                continue
            case .activityTaskCancelRequestedEventAttributes, .activityTaskCanceledEventAttributes, .timerCanceledEventAttributes:
                throw TemporalError.protocolViolation(
                    "event \(event.eventID) (\(event.eventType)) comes from a command switchboard workflows never issue")
            case nil:
                if event.workerMayIgnore { continue }
                throw TemporalError.protocolViolation(
                    "event \(event.eventID) has type \(event.eventType), which this worker does not know")
            }
            converted.append(HistoryEvent(eventID: Int(event.eventID), eventTime: event.eventTime.date, eventType: type,
                                          attributes: attributes))
        }
        return converted
    }
}
