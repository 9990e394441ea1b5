import Synchronization

/// The task a worker runs attempts in, so the watchdog can cancel it. Every task a worker starts
/// for activities publishes its handle here (`Worker.spawn`).
final class AttemptTask: Sendable {
    @TaskLocal static var current: AttemptTask?
    private let state = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

    /// Publishes the handle; a cancel that came first (a task started with `Task.immediate`
    /// runs before its handle exists) is applied now.
    func set(_ task: Task<Void, Never>) {
        if state.withLock({ $0.task = task; return $0.cancelled }) { task.cancel() }
    }

    func cancel() {
        state.withLock { state -> Task<Void, Never>? in
            state.cancelled = true
            return state.task
        }?.cancel()
    }
}
