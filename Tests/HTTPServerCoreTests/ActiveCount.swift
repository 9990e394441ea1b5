import Foundation

/// A thread-safe count of things running now (producers), which tests poll.
final class ActiveCount: @unchecked Sendable {
    // @unchecked Sendable: `count` is guarded by `lock`.
    private let lock = NSLock()
    private var count = 0
    func enter() { lock.withLock { count += 1 } }
    func leave() { lock.withLock { count -= 1 } }
    var value: Int { lock.withLock { count } }
}
