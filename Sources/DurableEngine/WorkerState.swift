import Foundation

/// Counters and the stop flag of a worker, shared by its loop and its tasks.
final class WorkerState: @unchecked Sendable {
    // @unchecked Sendable: every field is guarded by `lock`.
    private let lock = NSLock()
    private var workflowTasks = 0
    private var activities = 0
    private var stopping = false
    private var ready = false

    var runningWorkflowTasks: Int { lock.withLock { workflowTasks } }
    var runningActivities: Int { lock.withLock { activities } }
    var isStopping: Bool { lock.withLock { stopping } }
    var isReady: Bool { lock.withLock { ready && !stopping } }

    func started(workflowTask: Bool) { lock.withLock { if workflowTask { workflowTasks += 1 } else { activities += 1 } } }
    func finished(workflowTask: Bool) { lock.withLock { if workflowTask { workflowTasks -= 1 } else { activities -= 1 } } }
    func stop() { lock.withLock { stopping = true } }
    func markReady() { lock.withLock { ready = true } }
}
