import Foundation

/// Tells clients waiting for a result in this process that a run of their workflow closed, so
/// that they look once instead of polling (and instead of every client waking for every close).
/// Closes written by other processes are still found by the clients' slower polling.
final class CloseNotifier: @unchecked Sendable {
    // @unchecked Sendable: `waiters` and `nextID` are guarded by `lock`.
    private let lock = NSLock()
    private var waiters: [String: [Int: CheckedContinuation<Void, Never>]] = [:]
    private var nextID = 0

    /// Wakes whoever waits for `workflowID`.
    func signal(_ workflowID: String) {
        let woken = lock.withLock { waiters.removeValue(forKey: workflowID) }
        for continuation in woken?.values ?? [:].values { continuation.resume() }
    }

    /// Returns when a run of `workflowID` closes in this process, or after `timeout`.
    func wait(for workflowID: String, timeout: Duration) async {
        let id = lock.withLock { () -> Int in
            nextID += 1
            return nextID
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.withLock { waiters[workflowID, default: [:]][id] = continuation }
            Task {
                try? await Task.sleep(for: timeout)
                let expired = self.lock.withLock { () -> CheckedContinuation<Void, Never>? in
                    let continuation = self.waiters[workflowID]?.removeValue(forKey: id)
                    if self.waiters[workflowID]?.isEmpty == true { self.waiters[workflowID] = nil }
                    return continuation
                }
                expired?.resume()
            }
        }
    }
}
