import Foundation

/// The task a worker runs attempts in, so the watchdog can cancel it. Every task a worker starts
/// for activities publishes its handle here (`Worker.spawn`).
final class AttemptTask: @unchecked Sendable {
    // @unchecked Sendable: `task` is guarded by `lock`.
    @TaskLocal static var current: AttemptTask?
    private let lock = NSLock()
    private var task: Task<Void, Never>?

    func set(_ task: Task<Void, Never>) { lock.withLock { self.task = task } }
    func cancel() { lock.withLock { task }?.cancel() }
}
