import Foundation

/// Counts the changes this process has seen on a history (its own commits and other
/// processes' pokes) and lets any number of watchers wait for the next one. A watcher passes
/// the count it last saw, so a change that came while it was busy is never missed, however
/// many other watchers there are.
final class ChangeFeed: @unchecked Sendable {
    // @unchecked Sendable: `count`, `waiters` and `nextID` are guarded by `lock`.
    private let lock = NSLock()
    private var count: UInt64 = 0
    private var waiters: [Int: CheckedContinuation<UInt64, Never>] = [:]
    private var nextID = 0

    /// The number of changes so far.
    var current: UInt64 { lock.withLock { count } }

    /// Counts a change and wakes every waiter.
    func signal() {
        let (woken, now) = lock.withLock { () -> ([CheckedContinuation<UInt64, Never>], UInt64) in
            count += 1
            defer { waiters.removeAll() }
            return (Array(waiters.values), count)
        }
        for continuation in woken { continuation.resume(returning: now) }
    }

    /// Returns the count once it is past `seen`, or after `timeout` (with the count then).
    func wait(after seen: UInt64, timeout: Duration) async -> UInt64 {
        await withCheckedContinuation { (continuation: CheckedContinuation<UInt64, Never>) in
            let registered = lock.withLock { () -> Int? in
                guard count == seen else { return nil }
                nextID += 1
                waiters[nextID] = continuation
                return nextID
            }
            guard let id = registered else {
                continuation.resume(returning: current)
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = self.lock.withLock { self.waiters.removeValue(forKey: id) }
                expired?.resume(returning: self.current)
            }
        }
    }
}
