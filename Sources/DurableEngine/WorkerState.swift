import Synchronization

/// Counters and the stop flag of a worker, shared by its loop and its tasks.
final class WorkerState: Sendable {
    private struct Counts {
        var workflowTasks = 0
        var activities = 0
        var stopping = false
        var ready = false
        var ended = false
        /// Set when due activities may have been left unclaimed for want of a free slot.
        var activitiesWaitForSlot = false
    }

    private let counts = Mutex(Counts())

    var runningWorkflowTasks: Int { counts.withLock { $0.workflowTasks } }
    var runningActivities: Int { counts.withLock { $0.activities } }
    var isStopping: Bool { counts.withLock { $0.stopping } }
    var isReady: Bool { counts.withLock { $0.ready && !$0.stopping } }
    /// True once `Worker.run()` has returned or thrown.
    var hasEnded: Bool { counts.withLock { $0.ended } }

    func started(workflowTask: Bool) { counts.withLock { if workflowTask { $0.workflowTasks += 1 } else { $0.activities += 1 } } }
    func finished(workflowTask: Bool) { counts.withLock { if workflowTask { $0.workflowTasks -= 1 } else { $0.activities -= 1 } } }
    func stop() { counts.withLock { $0.stopping = true } }

    /// Notes that every activity slot is taken, so due activities wait in the store.
    func noteActivitySlotsFull() { counts.withLock { $0.activitiesWaitForSlot = true } }

    /// An activity attempt ended: true (once) when activities were waiting for its slot, so the
    /// poll loop should look now rather than at its next poll.
    func finishedActivityFreesWaitingWork() -> Bool {
        counts.withLock { counts in
            counts.activities -= 1
            defer { counts.activitiesWaitForSlot = false }
            return counts.activitiesWaitForSlot
        }
    }
    func markReady() { counts.withLock { $0.ready = true } }
    func markEnded() { counts.withLock { $0.ended = true } }
}
