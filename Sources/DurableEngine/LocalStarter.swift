import Foundation

/// A worker of this process that runs the first workflow task of the runs started here, so that
/// the start, the first task and the activities it schedules are one commit (Temporal's eager
/// workflow start, carried one step further). Workers register while they run.
struct LocalStarter: Sendable {
    let owner: String
    let workflowTypes: Set<String>
    /// Runs a workflow task on `history`, or returns nil when the worker cannot take it now.
    let runTask: @Sendable (_ workflowType: String, _ workflowID: String, _ runID: String, _ history: [HistoryEvent]) async
        -> WorkflowTaskResult?
    /// Room for activities the first task schedules.
    let eagerDispatch: @Sendable () -> EagerDispatch?
    /// Takes over what the recorded task left to the worker (history, claimed activities).
    let adopt: @Sendable (_ commit: WorkflowTaskCommit, _ runID: String, _ history: [HistoryEvent],
                          _ outcome: WorkflowTaskOutcome) -> Void
}

/// The local starters of one store.
final class LocalStarters: @unchecked Sendable {
    // @unchecked Sendable: `starters` is guarded by `lock`.
    private let lock = NSLock()
    private var starters: [String: LocalStarter] = [:]

    func register(_ starter: LocalStarter) { lock.withLock { starters[starter.owner] = starter } }
    func unregister(_ owner: String) { _ = lock.withLock { starters.removeValue(forKey: owner) } }

    /// A starter for `workflowType`, if any worker of this process runs it.
    func starter(for workflowType: String) -> LocalStarter? {
        lock.withLock { starters.values.first { $0.workflowTypes.contains(workflowType) } }
    }
}
