import Synchronization

/// Counters and the stop flag of a worker, shared by its loop and its tasks.
final class WorkerState: Sendable {
    private struct Counts {
        var workflowTasks = 0
        var activities = 0
        var stopping = false
        var ready = false
        var ended = false
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
    func markReady() { counts.withLock { $0.ready = true } }
    func markEnded() { counts.withLock { $0.ended = true } }
}
