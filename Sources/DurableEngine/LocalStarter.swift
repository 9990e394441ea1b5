import Foundation
import Synchronization

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
    let adopt: @Sendable (_ workflowType: String, _ commit: WorkflowTaskCommit, _ runID: String, _ history: [HistoryEvent],
                          _ outcome: WorkflowTaskOutcome) -> Void
}

/// The local starters of one store.
final class LocalStarters: Sendable {
    private let starters = Mutex<[String: LocalStarter]>([:])

    func register(_ starter: LocalStarter) { starters.withLock { $0[starter.owner] = starter } }
    func unregister(_ owner: String) { _ = starters.withLock { $0.removeValue(forKey: owner) } }

    /// True while a worker of this process runs on the store.
    var any: Bool { starters.withLock { !$0.isEmpty } }

    /// A starter for `workflowType`, if any worker of this process runs it.
    func starter(for workflowType: String) -> LocalStarter? {
        starters.withLock { $0.values.first { $0.workflowTypes.contains(workflowType) } }
    }
}
