import DurableEngine
import Foundation
import RoutingWorkflow
import Synchronization
import TemporalBackend

/// `route` on Temporal while the run goes: the same progress lines as on the history file, from
/// the run's history as Temporal records it, and the answer streamed from the text the
/// `call_agent` attempt publishes through its heartbeats (`TemporalRunFollower`).
struct TemporalRouteWatch: Sendable {
    let follower: TemporalRunFollower
    let workflowID: String
    /// Receives progress lines, or nil for none (`--quiet`).
    let progress: (@Sendable (String) -> Void)?
    /// Receives the answer as it grows, or nil for none (a draft awaiting approval).
    let streamer: RouteAnswerStreamer?
    /// How often pending activities are read while some are running.
    var interval: Duration = .milliseconds(100)

    /// Runs until the run closed and its lines are written, or the task is cancelled.
    func run() async {
        let events = LatestEvents()
        let (workflowID, progress) = (self.workflowID, self.progress)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var printed = 0
                do {
                    try await follower.followHistory { latest in
                        events.value.withLock { $0 = latest }
                        let lines = RouteProgressReporter.lines(for: latest, workflowID: workflowID)
                        for line in lines.dropFirst(printed) { progress?(line) }
                        printed = max(printed, lines.count)
                    }
                } catch {
                    progress?("  progress unavailable: \(error)")
                }
            }
            group.addTask { await followPendingSteps(events) }
            _ = await group.next()   // the history ended with the close: nothing more is pending
            group.cancelAll()
        }
    }

    /// Reads the pending activities while the history shows some: a retry under way becomes a
    /// line, and `call_agent`'s published text goes to the streamer.
    private func followPendingSteps(_ events: LatestEvents) async {
        var reportedRetries: Set<String> = []
        while !Task.isCancelled {
            let (open, scheduled) = events.value.withLock { Self.openSteps($0) }
            if !open.isEmpty, let steps = try? await follower.pendingSteps() {
                for step in steps {
                    if let failure = step.lastFailure, step.attempt > 1,
                       reportedRetries.insert("\(step.activityID)#\(step.attempt)").inserted {
                        progress?(RouteProgressReporter.retryLine(failure.message, attempt: step.attempt,
                                                                  nextAttemptTime: step.nextAttemptTime))
                    }
                    if let text = step.liveText, step.activityType == RoutingActivityName.callAgent,
                       let event = scheduled[step.activityID], let prefix = RouteAnswerStreamer.prefix(of: event) {
                        streamer?.show(prefix + text)
                    }
                }
            }
            try? await Task.sleep(for: interval)
        }
    }

    /// The scheduled-event IDs of activities not finished in `events`, and every scheduled event
    /// by activity ID.
    static func openSteps(_ events: [HistoryEvent]) -> (open: Set<Int>, scheduled: [String: HistoryEvent]) {
        var open: Set<Int> = [], scheduled: [String: HistoryEvent] = [:]
        for event in events {
            switch event.eventType {
            case .activityTaskScheduled:
                open.insert(event.eventID)
                if let id = event.attributes.activityID { scheduled[id] = event }
            case .activityTaskCompleted, .activityTaskFailed, .activityTaskTimedOut:
                if let id = event.attributes.scheduledEventID { open.remove(id) }
            default:
                break
            }
        }
        return (open, scheduled)
    }
}

/// The run's history as last read, shared by the watch's two loops.
private final class LatestEvents: Sendable {
    let value = Mutex<[HistoryEvent]>([])
}
