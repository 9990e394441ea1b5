import Foundation

/// Counts the changes to each watched workflow (a commit that touched one of its runs, live
/// output of its activities) and wakes whoever follows it, so that a follower (progress
/// lines, a streamed answer) reads the run when it changed instead of polling it, and is not
/// woken by the changes of every other run.
///
/// Only watched workflows are counted; changes committed by other processes arrive without
/// a workflow ID (`signalEveryone`) and wake every follower. A follower takes a stamp before
/// it reads and waits for a stamp past it, so a change that lands between the read and the
/// wait is never missed.
final class RunChangeFeed: @unchecked Sendable {
    // @unchecked Sendable: `entries`, `everyone` and `nextID` are guarded by `lock`.
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        /// Ends the wait when its time is up; cancelled when a change ends it first.
        let expiry: Task<Void, Never>
    }

    private struct Entry {
        var watchers = 0
        var count: UInt64 = 0
        var waiters: [Int: Waiter] = [:]
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Changes of unknown workflows (other processes' commits), which count for every follower.
    private var everyone: UInt64 = 0
    private var nextID = 0

    /// Starts counting `workflowID`'s changes; balance with `endWatching`.
    func beginWatching(_ workflowID: String) {
        lock.withLock { entries[workflowID, default: Entry()].watchers += 1 }
    }

    /// Stops counting for one watcher of `workflowID`; the count goes with the last one.
    func endWatching(_ workflowID: String) {
        let woken = lock.withLock { () -> [Waiter] in
            guard var entry = entries[workflowID] else { return [] }
            entry.watchers -= 1
            guard entry.watchers <= 0 else {
                entries[workflowID] = entry
                return []
            }
            entries.removeValue(forKey: workflowID)
            return Array(entry.waiters.values)
        }
        resume(woken)
    }

    /// The changes seen so far for `workflowID`, to pass to `wait`.
    func stamp(_ workflowID: String) -> UInt64 {
        lock.withLock { everyone &+ (entries[workflowID]?.count ?? 0) }
    }

    /// Counts a change of `workflowID`, if watched, and wakes its followers.
    func signal(_ workflowID: String) {
        let woken = lock.withLock { () -> [Waiter] in
            guard var entry = entries[workflowID] else { return [] }
            entry.count &+= 1
            let waiters = Array(entry.waiters.values)
            entry.waiters.removeAll()
            entries[workflowID] = entry
            return waiters
        }
        resume(woken)
    }

    /// Counts a change of any workflow and wakes every follower.
    func signalEveryone() {
        let woken = lock.withLock { () -> [Waiter] in
            everyone &+= 1
            var waiters: [Waiter] = []
            for key in entries.keys {
                waiters += entries[key]!.waiters.values
                entries[key]!.waiters.removeAll()
            }
            return waiters
        }
        resume(woken)
    }

    /// Returns once `workflowID` changed after `stamp` was taken, after `timeout`, or when the
    /// calling task is cancelled.
    func wait(_ workflowID: String, after stamp: UInt64, timeout: Duration) async {
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                // Cancellation is flagged before `onCancel` runs, and both hold the lock: either
                // this sees it, or `onCancel` finds the waiter.
                guard !Task.isCancelled, let entry = entries[workflowID], everyone &+ entry.count == stamp else {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                let expiry = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled, let self else { return }
                    let expired = self.lock.withLock { self.entries[workflowID]?.waiters.removeValue(forKey: id) }
                    expired?.continuation.resume()
                }
                entries[workflowID]?.waiters[id] = Waiter(continuation: continuation, expiry: expiry)
                lock.unlock()
            }
        } onCancel: {
            let waiter = lock.withLock { entries[workflowID]?.waiters.removeValue(forKey: id) }
            if let waiter { resume([waiter]) }
        }
    }

    private func resume(_ waiters: [Waiter]) {
        for waiter in waiters {
            waiter.expiry.cancel()
            waiter.continuation.resume()
        }
    }
}
