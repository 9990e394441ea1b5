/// Which replica computes a task on a shared tasks database, until when, and what others asked
/// of it: one row of `a2a_task_claims`.
public struct TaskClaim: Sendable, Equatable {
    /// The replica that computes the task (`TaskManager`'s owner id).
    public var owner: String
    /// The owner renews this while it computes; past it, the task is abandoned.
    public var leaseUntilMicros: Int64
    /// Another replica asked for the task to be canceled.
    public var cancelRequested: Bool
    /// When the task settled (terminal or interrupted); nil while it runs.
    public var finishedMicros: Int64?
    /// The task was failed by another replica because its owner's lease expired.
    public var orphaned: Bool

    public init(owner: String, leaseUntilMicros: Int64, cancelRequested: Bool, finishedMicros: Int64?, orphaned: Bool) {
        self.owner = owner
        self.leaseUntilMicros = leaseUntilMicros
        self.cancelRequested = cancelRequested
        self.finishedMicros = finishedMicros
        self.orphaned = orphaned
    }

    /// True when nobody computes the task any more although it has not settled: its owner
    /// stopped renewing, or another replica already recorded that.
    func isAbandoned(now: Int64) -> Bool {
        orphaned || (finishedMicros == nil && leaseUntilMicros < now)
    }
}
