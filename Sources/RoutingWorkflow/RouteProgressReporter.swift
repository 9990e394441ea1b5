import DurableEngine
import Foundation
import JSONBytes

/// Turns a routing workflow's history into progress lines while it runs: each step, each
/// retry with its cause and delay, and what the workflow is waiting for.
public struct RouteProgressReporter: Sendable {
    let client: WorkflowClient
    let workflowID: String
    let interval: Duration

    /// - Parameter interval: how often to read the history when other processes' commits cannot
    ///   wake the reporter; when they can, it reads after each change of the run instead.
    public init(client: WorkflowClient, workflowID: String, interval: Duration = .milliseconds(100)) {
        self.client = client
        self.workflowID = workflowID
        self.interval = interval
    }

    /// Writes lines with `write` until the run has closed (every line written) or the task is
    /// cancelled.
    public func run(write: @escaping @Sendable (String) -> Void) async {
        var runID: String?
        var lastEventID = 0
        var reportedRetries: Set<String> = []
        var stepTypes: [Int: String] = [:]   // scheduled event ID → activity type
        var closedSeen = false
        var finishedRunID: String?   // a run that continued as new; its successor is awaited
        let watch = client.watch(workflowID: workflowID)
        while !Task.isCancelled {
            let stamp = watch.stamp   // before the reads, so that a change during them is not missed
            if runID == nil {
                guard let latest = try? client.describe(workflowID: workflowID).record.runID, latest != finishedRunID else {
                    await watch.wait(after: stamp, poll: interval)
                    continue
                }
                runID = latest
                lastEventID = 0
            }
            // The events say when the run closed, so no line is lost. A change that added none
            // is a retry being recorded, or a run that continued as new: the run's state says.
            let events = (try? client.history(workflowID: workflowID, runID: runID, afterEventID: lastEventID)) ?? []
            for event in events {
                if let line = Self.describe(event, workflowID: workflowID, stepTypes: &stepTypes) { write(line) }
            }
            lastEventID = events.last?.eventID ?? lastEventID
            if let last = events.last, last.eventType.isClosing {
                guard last.eventType == .workflowExecutionContinuedAsNew else { return }
                (finishedRunID, runID) = (runID, nil)   // the next run's lines follow
                continue
            }
            if events.isEmpty, let description = try? client.describe(workflowID: workflowID) {
                if description.record.runID != runID {
                    (finishedRunID, runID) = (runID, nil)
                    continue
                }
                for pending in description.pendingActivities {
                    guard let failure = pending.lastFailure, let next = pending.nextAttemptTime else { continue }
                    let key = "\(pending.activityID)#\(pending.attempt)"
                    guard !reportedRetries.contains(key) else { continue }
                    reportedRetries.insert(key)
                    write(Self.retryLine(failure.message, attempt: pending.attempt, nextAttemptTime: next))
                }
                if description.record.status.isClosed {
                    // It closed after the events were read: read them once more.
                    if closedSeen { return }
                    closedSeen = true
                    continue
                }
            }
            await watch.wait(after: stamp, poll: interval)
        }
    }

    /// The lines `route` prints for `events` (a run's history from its start), in order; the
    /// retries of activities still pending are not in the history and not among them.
    public static func lines(for events: [HistoryEvent], workflowID: String) -> [String] {
        var stepTypes: [Int: String] = [:]
        return events.compactMap { describe($0, workflowID: workflowID, stepTypes: &stepTypes) }
    }

    private static func describe(_ event: HistoryEvent, workflowID: String, stepTypes: inout [Int: String]) -> String? {
        let attributes = event.attributes
        switch event.eventType {
        case .workflowExecutionStarted:
            return "started workflow \(workflowID)"
        case .activityTaskScheduled:
            stepTypes[event.eventID] = attributes.activityType
            switch attributes.activityType {
            case RoutingActivityName.discoverAgents: return "→ discovering agents"
            case RoutingActivityName.renderClassifierPrompt: return "→ rendering the classifier prompt"
            case RoutingActivityName.classify: return "→ classifying the question"
            case RoutingActivityName.callAgent:
                let agent = (try? attributes.input?.decode(AgentCallInput.self))?.agentID ?? "?"
                return "→ asking the \(agent.uppercased()) agent"
            case RoutingActivityName.translate: return "→ translating with the model"
            default: return "→ \(attributes.activityType ?? "activity")"
            }
        case .activityTaskCompleted:
            // Only the results worth a line are decoded, each as its step's type.
            switch attributes.scheduledEventID.flatMap({ stepTypes[$0] }) {
            case RoutingActivityName.classify:
                guard let verdict = try? attributes.result?.decode(ClassifierVerdict.self) else { return nil }
                return "  classified by \(verdict.model) as \(verdict.label)"
            case RoutingActivityName.discoverAgents:
                guard let agents = attributes.result.flatMap({ AgentPresence.list(in: $0.data) }) else { return nil }
                let down = agents.filter { !$0.reachable }.map(\.id)
                return "  found \(agents.map(\.id).joined(separator: ", "))" + (down.isEmpty ? "" : " (not answering yet: \(down.joined(separator: ", ")))")
            default:
                return nil
            }
        case .activityTaskFailed, .activityTaskTimedOut:
            return "  step failed: \(attributes.failure?.message ?? "unknown")"
        case .markerRecorded where attributes.markerName == "classifier_fallback":
            let details = (try? attributes.details?.decode([String: String].self)) ?? [:]
            return "  the classifier's answer '\(details["label"] ?? "?")' names no agent; falling back to \(details["agent"] ?? "the default agent")"
        case .timerStarted:
            return "  waiting for approval: switchboard workflow signal -w \(workflowID) approve   (or reject)"
        case .workflowExecutionSignaled:
            return "  received \(attributes.signalName ?? "a signal")"
        default:
            return nil
        }
    }

    /// The line for a step whose attempt `attempt` is waiting to run after the previous one
    /// failed with `message`, on either backend.
    public static func retryLine(_ message: String, attempt: Int, nextAttemptTime: Date?) -> String {
        let when = nextAttemptTime.map { "next try in \(format(max(0, $0.timeIntervalSinceNow)))" } ?? "trying again"
        return "  \(message) (attempt \(attempt - 1)), \(when)"
    }

    /// "2.5s" under ten seconds, whole seconds above.
    public static func format(_ seconds: Double) -> String {
        seconds < 10 ? String(format: "%.1fs", seconds) : "\(Int(seconds.rounded()))s"
    }
}

/// What a progress line says of a discovered agent: its ID and whether it answered. The rest of
/// `DiscoveredAgent` (the card's skills) is not decoded for it.
private struct AgentPresence {
    var id: String
    var reachable: Bool

    /// The agents of discovery's result (JSON of `[DiscoveredAgent]`); nil when it is not that.
    static func list(in json: [UInt8]) -> [AgentPresence]? {
        guard case .array(let items)? = StrictJSONParser.parse(json) else { return nil }
        var agents: [AgentPresence] = []
        for item in items {
            guard case .string(let id)? = item["id"], case .bool(let reachable)? = item["reachable"] else { return nil }
            agents.append(AgentPresence(id: id, reachable: reachable))
        }
        return agents
    }
}
