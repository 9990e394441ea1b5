/// What recording a workflow task produced.
struct WorkflowTaskCommit: Sendable {
    /// False when the worker no longer owned the run (nothing of the task was written).
    var accepted: Bool
    /// The events the task's commands appended, in order.
    var appended: [HistoryEvent] = []
    /// Activities the task scheduled that were claimed for this worker in the same transaction.
    var eagerActivities: [ClaimedActivity] = []

    static let rejected = WorkflowTaskCommit(accepted: false)
}
