import Foundation

/// Lets polling loops sleep until either their interval passes or someone in this process
/// says there is new work (a start, a finished activity). Any number of loops may wait.
final class Wakeup: @unchecked Sendable {
    // @unchecked Sendable: `waiters`, `nextID` and `pending` are guarded by `lock`.
    private let lock = NSLock()
    private var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
    private var nextID = 0
    private var pending = false

    /// Wakes every current waiter, or the next `wait` when nobody waits.
    func signal() {
        let woken = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            if waiters.isEmpty {
                pending = true
                return []
            }
            defer { waiters.removeAll() }
            return Array(waiters.values)
        }
        for continuation in woken { continuation.resume() }
    }

    /// Returns after `timeout`, or earlier when signalled.
    func wait(timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let id = lock.withLock { () -> Int? in
                if pending {
                    pending = false
                    return nil
                }
                nextID += 1
                waiters[nextID] = continuation
                return nextID
            }
            guard let id else {
                continuation.resume()
                return
            }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = self.lock.withLock { self.waiters.removeValue(forKey: id) }
                expired?.resume()
            }
        }
    }
}
