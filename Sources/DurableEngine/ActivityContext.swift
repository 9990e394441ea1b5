import Foundation

/// What an activity knows about its call: which workflow and step, which attempt, and a
/// heartbeat that keeps its lease and reports progress.
public final class ActivityContext: @unchecked Sendable {
    // @unchecked Sendable: mutable state (`lastHeartbeat`, `details`) is guarded by `lock`.
    public let workflowID: String
    public let runID: String
    /// Stable for this step of this run: the same on every attempt and after a crash.
    public let activityID: String
    public let activityType: String
    /// 1 for the first attempt.
    public let attempt: Int
    /// The details of the last heartbeat of a previous attempt, if any.
    public let previousHeartbeatDetails: Payload?

    private let lock = NSLock()
    private var lastHeartbeat = Date()
    private var details: Payload?
    private var heartbeatSink: (@Sendable (Payload?) -> Void)?
    private let liveSink: (@Sendable (String) -> Void)?

    package init(workflowID: String, runID: String, activityID: String, activityType: String, attempt: Int,
         previousHeartbeatDetails: Payload?, heartbeatSink: (@Sendable (Payload?) -> Void)?,
         liveSink: (@Sendable (String) -> Void)? = nil) {
        self.liveSink = liveSink
        self.workflowID = workflowID
        self.runID = runID
        self.activityID = activityID
        self.activityType = activityType
        self.attempt = attempt
        self.previousHeartbeatDetails = previousHeartbeatDetails
        self.heartbeatSink = heartbeatSink
    }

    /// Reports progress; resets the heartbeat timeout. Cheap enough to call per streamed chunk.
    public func heartbeat<T: Codable & Sendable>(_ details: T) {
        let payload = try? Payload(encoding: details)
        let sink = lock.withLock { () -> (@Sendable (Payload?) -> Void)? in
            lastHeartbeat = Date()
            self.details = payload
            return heartbeatSink
        }
        sink?(payload)
    }

    /// Reports liveness without details.
    public func heartbeat() { heartbeat(Optional<String>.none) }

    /// Shows `text` to whoever watches the run live (`WorkflowClient.liveOutput`), such as a
    /// streamed answer's next chunk. Not recorded in the history, and not kept after the run
    /// closes: the activity's result is what counts.
    public func publish(_ text: String) {
        liveSink?(text)
    }

    /// True once the attempt was cancelled (timeout, workflow closed, worker stopping).
    public var isCancelled: Bool { Task.isCancelled }

    /// Throws `CancellationError` when the attempt was cancelled.
    public func checkCancellation() throws { try Task.checkCancellation() }

    var secondsSinceHeartbeat: Double { lock.withLock { Date().timeIntervalSince(lastHeartbeat) } }
    var lastDetails: Payload? { lock.withLock { details } }
}
