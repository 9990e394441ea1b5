import DurableEngine
import Foundation
import Synchronization

/// Writes a routed answer as it streams in: `[routed to HR] `, then each new piece of the
/// agent's answer, read from the `call_agent` activity's live output (which works whether the
/// worker runs in this process or another), and at the end whatever the final result adds, so
/// that what was written is exactly `RouteResult.rendered` and a newline, as without streaming.
///
/// If the live answer and the final one disagree (an agent that replaced its text, a retry
/// that answered differently), streaming stops there, and `finish` starts a new line with the
/// whole result.
public final class RouteAnswerStreamer: Sendable {
    /// Where `run` reads the live answer; nil when the caller feeds `show` itself (on Temporal).
    private let client: WorkflowClient?
    private let workflowID: String
    private let write: @Sendable (String) -> Void
    private let interval: Duration
    /// What was written so far, and whether the live answer went its own way.
    private let written = Mutex<(text: String, diverged: Bool)>(("", false))

    /// - Parameter interval: how often to look for new text when other processes cannot wake
    ///   the streamer; when they can, it looks after each change of the run instead.
    public init(client: WorkflowClient, workflowID: String, interval: Duration = .milliseconds(20),
                write: @escaping @Sendable (String) -> Void) {
        self.client = client
        self.workflowID = workflowID
        self.interval = interval
        self.write = write
    }

    /// A streamer that `show` feeds, for a backend with no `WorkflowClient` (Temporal).
    public init(write: @escaping @Sendable (String) -> Void) {
        self.client = nil
        self.workflowID = ""
        self.interval = .zero
        self.write = write
    }

    /// Follows the live answer until the task is cancelled (at once without a client).
    public func run() async {
        guard let client else { return }
        var runID: String?
        var cursor = LiveOutputCursor()
        var callAgent: (activityID: String, prefix: String)?
        let watch = client.watch(workflowID: workflowID)
        while !Task.isCancelled {
            let stamp = watch.stamp
            if runID == nil { runID = try? client.describe(workflowID: workflowID).record.runID }
            if let runID {
                let (chunks, next) = client.liveOutput(runID: runID, after: cursor)
                cursor = next
                if let latest = chunks.last {
                    if callAgent?.activityID != latest.activityID {
                        callAgent = self.callAgent(latest.activityID, runID: runID, client: client)
                    }
                    if let callAgent { show(callAgent.prefix + latest.text) }
                }
            }
            await watch.wait(after: stamp, poll: interval, liveOutput: true)
        }
    }

    /// Writes the rest of `rendered` (the workflow's result) and `terminator`.
    public func finish(_ rendered: String, terminator: String = "\n") {
        let target = rendered + terminator
        let rest = written.withLock { state -> String in
            defer { state.text = target }
            if !state.diverged && target.hasPrefix(state.text) { return String(target.dropFirst(state.text.count)) }
            return state.text.isEmpty ? target : "\n" + target
        }
        write(rest)
    }

    /// Ends a partly written answer with a newline (the workflow failed or `route` detached).
    public func abandon() {
        let partial = written.withLock { state -> Bool in
            defer { state = ("", true) }
            return !state.text.isEmpty
        }
        if partial { write("\n") }
    }

    /// Writes what `text`, the answer so far as `route` prints it (`[routed to HR] ` and the
    /// agent's text), adds to what was written; nothing once it does not extend it.
    public func show(_ text: String) {
        let rest = written.withLock { state -> String? in
            guard !state.diverged else { return nil }
            guard text.hasPrefix(state.text) else {
                state.diverged = true
                return nil
            }
            defer { state.text = text }
            return String(text.dropFirst(state.text.count))
        }
        if let rest, !rest.isEmpty { write(rest) }
    }

    /// The `call_agent` step whose activity ID is `activityID`, and the line's prefix for its agent.
    private func callAgent(_ activityID: String, runID: String, client: WorkflowClient) -> (activityID: String, prefix: String)? {
        guard let history = try? client.history(workflowID: workflowID, runID: runID),
              let scheduled = history.first(where: {
                  $0.eventType == .activityTaskScheduled && $0.attributes.activityID == activityID
                      && $0.attributes.activityType == RoutingActivityName.callAgent
              }),
              let prefix = Self.prefix(of: scheduled)
        else { return nil }
        return (activityID, prefix)
    }

    /// How the answer of the `call_agent` step scheduled by `event` begins (`[routed to HR] `).
    public static func prefix(of event: HistoryEvent) -> String? {
        guard let input = try? event.attributes.input?.decode(AgentCallInput.self) else { return nil }
        return RouteResult(agentID: input.agentID, answer: "").rendered
    }
}
