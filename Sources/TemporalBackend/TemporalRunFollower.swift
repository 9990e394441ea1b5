import DurableEngine
import Foundation
import TemporalProtos

/// Follows a run on Temporal while it happens, for `route`'s progress lines and streamed answer:
///
/// - its history, as the engine's events, through GetWorkflowExecutionHistory long polls with
///   `wait_new_event` (the server answers as soon as events are added, so a line shows within
///   a round trip of its event);
/// - its pending activities, through DescribeWorkflowExecution: each one's attempt, last
///   failure (a retry under way) and the text it published. A Temporal worker sends published
///   text as a second payload of the attempt's heartbeat details (see `TemporalWorker`), which
///   the server keeps on the pending activity until the next beat.
public struct TemporalRunFollower: Sendable {
    let client: TemporalWorkflowClient
    let workflowID: String

    /// An activity scheduled and not finished yet, as DescribeWorkflowExecution shows it.
    public struct PendingStep: Sendable, Equatable {
        public var activityID: String
        public var activityType: String
        /// The attempt running or due next (1 for the first).
        public var attempt: Int
        /// Why the previous attempt failed, if one did.
        public var lastFailure: ActivityFailureInfo?
        /// When the server schedules the next attempt, while one waits out its backoff.
        public var nextAttemptTime: Date?
        /// Everything the running attempt published so far (`ActivityContext.publish`), if anything.
        public var liveText: String?
    }

    public init(client: TemporalWorkflowClient, workflowID: String) {
        self.client = client
        self.workflowID = workflowID
    }

    /// Calls `onChange` with the latest run's whole history, as the engine's events (scheduled
    /// activities keep their input), each time it grows; returns once the run closed (its last
    /// events delivered) or the task is cancelled.
    /// - Throws: `TemporalError` when the server cannot be asked (after a few retries) or the
    ///   history cannot be read.
    public func followHistory(_ onChange: ([HistoryEvent]) async -> Void) async throws {
        var events: [Temporal_Api_History_V1_HistoryEvent] = []
        var token = Data()
        var retries = 0
        while !Task.isCancelled {
            var request = Temporal_Api_Workflowservice_V1_GetWorkflowExecutionHistoryRequest()
            request.namespace = client.settings.namespace
            request.execution.workflowID = workflowID
            request.nextPageToken = token
            request.waitNewEvent = true
            let page: Temporal_Api_Workflowservice_V1_GetWorkflowExecutionHistoryResponse
            do {
                page = try await client.connection.call("GetWorkflowExecutionHistory", timeout: TemporalConnection.pollTimeout) {
                    service, options in try await service.getWorkflowExecutionHistory(request, options: options)
                }
                retries = 0
            } catch let error as TemporalError where error.isTransient && retries < 5 {
                retries += 1
                try await Task.sleep(for: .milliseconds(200 * retries))
                continue
            }
            if !page.history.events.isEmpty {
                events += page.history.events
                await onChange(try engineEvents(events))
            }
            // The token is empty once the events up to the close were all sent.
            if page.nextPageToken.isEmpty { return }
            token = page.nextPageToken
        }
    }

    /// The latest run's pending activities.
    /// - Throws: `TemporalError` when the server cannot be asked.
    public func pendingSteps() async throws -> [PendingStep] {
        var request = Temporal_Api_Workflowservice_V1_DescribeWorkflowExecutionRequest()
        request.namespace = client.settings.namespace
        request.execution.workflowID = workflowID
        let answer = try await client.connection.call("DescribeWorkflowExecution") { service, options in
            try await service.describeWorkflowExecution(request, options: options)
        }
        let payloads = client.payloads
        return answer.pendingActivities.map { activity in
            let details = activity.heartbeatDetails.payloads
            let live = details.count > 1
                ? (try? payloads.payload(details[1], what: "published text").decode(String.self)) : nil
            return PendingStep(activityID: activity.activityID, activityType: activity.activityType.name,
                               attempt: Int(activity.attempt),
                               lastFailure: activity.hasLastFailure ? payloads.failureInfo(activity.lastFailure) : nil,
                               nextAttemptTime: activity.hasNextAttemptScheduleTime ? activity.nextAttemptScheduleTime.date : nil,
                               liveText: live)
        }
    }

    /// The engine's events for `events`, with each scheduled activity's input, which the
    /// runtime does not need but a progress line names (the agent asked, say).
    private func engineEvents(_ events: [Temporal_Api_History_V1_HistoryEvent]) throws -> [HistoryEvent] {
        let payloads = client.payloads
        var inputs: [Int: Payload] = [:]
        for event in events {
            if case .activityTaskScheduledEventAttributes(let scheduled) = event.attributes {
                inputs[Int(event.eventID)] = try? payloads.first(scheduled.input, what: "an activity's input")
            }
        }
        return try TemporalHistory.engineEvents(events, payloads: payloads).map { event in
            guard event.eventType == .activityTaskScheduled, let input = inputs[event.eventID] else { return event }
            var event = event
            event.attributes.input = input
            return event
        }
    }
}
