import Foundation

/// Tells clients waiting for a result in this process that a run of their workflow closed, so
/// that they look once instead of polling (and instead of every client waking for every close).
/// Closes written by other processes are still found by the clients' slower polling.
///
/// Timeouts are kept by one sweeper task that runs only while someone waits, rather than by a
/// sleeping task per wait: a wait that a close ends early then leaves nothing behind to wake.
final class CloseNotifier: @unchecked Sendable {
    // @unchecked Sendable: `waiters`, `nextID` and `sweeping` are guarded by `lock`.
    private struct Waiter {
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<Void, Never>
    }

    private let lock = NSLock()
    private var waiters: [String: [Int: Waiter]] = [:]
    private var nextID = 0
    private var sweeping = false
    /// How often the sweeper looks for expired waits, which bounds how late a timeout ends.
    let granularity: Duration

    init(granularity: Duration = .milliseconds(5)) {
        self.granularity = granularity
    }

    /// Wakes whoever waits for `workflowID`.
    func signal(_ workflowID: String) {
        let woken = lock.withLock { waiters.removeValue(forKey: workflowID) }
        for waiter in woken?.values ?? [:].values { waiter.continuation.resume() }
    }

    /// Returns when a run of `workflowID` closes in this process, or after about `timeout`.
    func wait(for workflowID: String, timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let startSweeper = lock.withLock { () -> Bool in
                nextID += 1
                waiters[workflowID, default: [:]][nextID] = Waiter(deadline: deadline, continuation: continuation)
                defer { sweeping = true }
                return !sweeping
            }
            if startSweeper { Task { await self.sweep() } }
        }
    }

    /// Ends expired waits until nobody waits.
    private func sweep() async {
        while true {
            try? await Task.sleep(for: granularity)
            let now = ContinuousClock.now
            let (expired, done) = lock.withLock { () -> ([CheckedContinuation<Void, Never>], Bool) in
                var expired: [CheckedContinuation<Void, Never>] = []
                for (workflowID, byID) in waiters {
                    for (id, waiter) in byID where waiter.deadline <= now {
                        expired.append(waiter.continuation)
                        waiters[workflowID]?.removeValue(forKey: id)
                    }
                    if waiters[workflowID]?.isEmpty == true { waiters.removeValue(forKey: workflowID) }
                }
                if waiters.isEmpty { sweeping = false }
                return (expired, waiters.isEmpty)
            }
            for continuation in expired { continuation.resume() }
            if done { return }
        }
    }
}
