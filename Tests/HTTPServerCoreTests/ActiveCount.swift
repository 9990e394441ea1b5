import Foundation

/// A thread-safe count of things running now (producers), and of those that ended, which tests poll.
final class ActiveCount: @unchecked Sendable {
    // @unchecked Sendable: `count` and `left` are guarded by `lock`.
    private let lock = NSLock()
    private var count = 0
    private var left = 0
    func enter() { lock.withLock { count += 1 } }
    func leave() {
        lock.withLock {
            count -= 1
            left += 1
        }
    }
    var value: Int { lock.withLock { count } }
    var ended: Int { lock.withLock { left } }
}
