import Foundation

/// The task a worker runs attempts in, so the watchdog can cancel it. Every task a worker starts
/// for activities publishes its handle here (`Worker.spawn`).
final class AttemptTask: @unchecked Sendable {
    // @unchecked Sendable: `task` and `cancelled` are guarded by `lock`.
    @TaskLocal static var current: AttemptTask?
    private let lock = NSLock()
    private var task: Task<Void, Never>?
    private var cancelled = false

    /// Publishes the handle; a cancel that came first (a task started with `Task.immediate`
    /// runs before its handle exists) is applied now.
    func set(_ task: Task<Void, Never>) {
        if lock.withLock({ self.task = task; return cancelled }) { task.cancel() }
    }

    func cancel() {
        lock.withLock { () -> Task<Void, Never>? in
            cancelled = true
            return task
        }?.cancel()
    }
}
