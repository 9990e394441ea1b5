import DurableEngine
import Foundation
import TemporalProtos

extension TemporalWorkflowClient {
    /// A run's status (the latest run's when `runID` is nil), from DescribeWorkflowExecution:
    /// pending activities with their attempt, last failure and next retry time; and, from the
    /// run's history, its pending timers and, once it closed, its result or failure.
    public func describe(workflowID: String, runID: String? = nil) async throws -> WorkflowDescription {
        var request = Temporal_Api_Workflowservice_V1_DescribeWorkflowExecutionRequest()
        request.namespace = settings.namespace
        request.execution.workflowID = workflowID
        request.execution.runID = runID ?? ""
        let answer = try await mapNotFound(workflowID, runID: runID) {
            try await connection.call("DescribeWorkflowExecution") { service, options in
                try await service.describeWorkflowExecution(request, options: options)
            }
        }
        let pending = answer.pendingActivities.map { activity in
            PendingActivity(
                activityID: activity.activityID, activityType: activity.activityType.name, attempt: Int(activity.attempt),
                state: "\(activity.state)", scheduledTime: activity.scheduledTime.date,
                lastStartedTime: activity.hasLastStartedTime ? activity.lastStartedTime.date : nil,
                lastFailure: activity.hasLastFailure ? payloads.failureInfo(activity.lastFailure) : nil,
                nextAttemptTime: activity.hasNextAttemptScheduleTime ? activity.nextAttemptScheduleTime.date : nil,
                lastHeartbeatTime: activity.hasLastHeartbeatTime ? activity.lastHeartbeatTime.date : nil)
        }
        let record = Self.record(answer.workflowExecutionInfo)
        // The run DescribeWorkflowExecution answered for, so both reads agree on "latest".
        let events = try await history(workflowID: workflowID, runID: record.runID).events
        let closed = Self.closeOutcome(events.last, payloads: payloads)
        return WorkflowDescription(record: record, pendingActivities: pending, pendingTimers: Self.pendingTimers(events),
                                   result: closed.result, failure: closed.failure)
    }

    /// Timers started and not yet fired or cancelled, with when they fire.
    static func pendingTimers(_ events: [THistoryEvent]) -> [WorkflowDescription.PendingTimer] {
        var started: [(id: String, fires: Date)] = []
        var ended = Set<String>()
        for event in events {
            switch event.attributes {
            case .timerStartedEventAttributes(let timer):
                let fires = event.eventTime.date.addingTimeInterval(TemporalPayloads.duration(timer.startToFireTimeout).seconds)
                started.append((timer.timerID, fires))
            case .timerFiredEventAttributes(let fired): ended.insert(fired.timerID)
            case .timerCanceledEventAttributes(let canceled): ended.insert(canceled.timerID)
            default: break
            }
        }
        return started.filter { !ended.contains($0.id) }.map { .init(timerID: $0.id, fireTime: $0.fires) }
    }

    /// The result or failure that the close event holds (neither for a run still open).
    static func closeOutcome(_ event: THistoryEvent?, payloads: TemporalPayloads) -> (result: Payload?, failure: ActivityFailureInfo?) {
        switch event?.attributes {
        case .workflowExecutionCompletedEventAttributes(let completed):
            // A result we cannot open (another codec's, say) is shown as missing, not as an error.
            return ((try? payloads.first(completed.result, what: "the result")), nil)
        case .workflowExecutionFailedEventAttributes(let failed):
            return (nil, payloads.failureInfo(failed.failure))
        default:
            return (nil, nil)
        }
    }
}
