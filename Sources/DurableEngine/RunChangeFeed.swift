import Foundation

/// Counts the changes to each watched workflow (a commit that touched one of its runs, live
/// output of its activities), and to the history as a whole, and wakes whoever follows them:
/// a follower of one run (progress lines, a streamed answer) reads it when it changed instead
/// of polling, and is not woken by the changes of every other run; a follower of the whole
/// history (the console's live list) is woken by every change.
///
/// Only watched workflows are counted; changes committed by other processes arrive without
/// a workflow ID (`signalEveryone`) and wake every follower. A follower takes a stamp before
/// it reads and waits for a stamp past it, so a change that lands between the read and the
/// wait is never missed.
final class RunChangeFeed: @unchecked Sendable {
    /// What a follower follows.
    enum Channel: Hashable {
        /// One workflow's runs.
        case workflow(String)
        /// Every change of the history.
        case anyWorkflow
    }

    // @unchecked Sendable: `entries`, `everyone` and `nextID` are guarded by `lock`.
    private struct Waiter {
        let continuation: CheckedContinuation<Void, Never>
        /// Live output wakes only the waiters that follow it (a streamed answer), not those that
        /// read only what was committed (progress lines).
        let wantsLiveOutput: Bool
        /// Ends the wait when its time is up; cancelled when a change ends it first.
        let expiry: Task<Void, Never>
    }

    private struct Entry {
        var watchers = 0
        var count: UInt64 = 0
        var waiters: [Int: Waiter] = [:]
    }

    private let lock = NSLock()
    /// The whole history's channel is always counted.
    private var entries: [Channel: Entry] = [.anyWorkflow: Entry(watchers: 1)]
    /// Changes of unknown workflows (other processes' commits), which count for every follower.
    private var everyone: UInt64 = 0
    private var nextID = 0

    /// Starts counting `workflowID`'s changes; balance with `endWatching`.
    func beginWatching(_ workflowID: String) {
        lock.withLock { entries[.workflow(workflowID), default: Entry()].watchers += 1 }
    }

    /// Stops counting for one watcher of `workflowID`; the count goes with the last one.
    func endWatching(_ workflowID: String) {
        let woken = lock.withLock { () -> [Waiter] in
            guard var entry = entries[.workflow(workflowID)] else { return [] }
            entry.watchers -= 1
            guard entry.watchers <= 0 else {
                entries[.workflow(workflowID)] = entry
                return []
            }
            entries.removeValue(forKey: .workflow(workflowID))
            return Array(entry.waiters.values)
        }
        resume(woken)
    }

    /// True once another process's commit was heard.
    var heardOtherProcesses: Bool { lock.withLock { everyone > 0 } }

    /// The changes seen so far on `channel`, to pass to `wait`.
    func stamp(_ channel: Channel) -> UInt64 {
        lock.withLock { everyone &+ (entries[channel]?.count ?? 0) }
    }

    /// Counts a change of `workflowID` (if watched) and, when it was committed, of the whole
    /// history, and wakes their followers. Live output is not a change of the history, and wakes
    /// only the followers of live output.
    func signal(_ workflowID: String, committed: Bool = true) {
        let channels: [Channel] = committed ? [.workflow(workflowID), .anyWorkflow] : [.workflow(workflowID)]
        let woken = lock.withLock { () -> [Waiter] in
            channels.flatMap { channel -> [Waiter] in
                guard var entry = entries[channel] else { return [] }
                entry.count &+= 1
                let waiters = entry.waiters.filter { committed || $0.value.wantsLiveOutput }
                for id in waiters.keys { entry.waiters.removeValue(forKey: id) }
                entries[channel] = entry
                return Array(waiters.values)
            }
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

    /// Returns once `channel` changed after `stamp` was taken (by a commit, or by live output
    /// when `liveOutput`), after `timeout`, or when the calling task is cancelled. Any change
    /// between the stamp and the wait, live output too, returns at once.
    func wait(_ channel: Channel, after stamp: UInt64, timeout: Duration, liveOutput: Bool = true) async {
        let id = lock.withLock {
            nextID += 1
            return nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                lock.lock()
                // Cancellation is flagged before `onCancel` runs, and both hold the lock: either
                // this sees it, or `onCancel` finds the waiter.
                guard !Task.isCancelled, let entry = entries[channel], everyone &+ entry.count == stamp else {
                    lock.unlock()
                    continuation.resume()
                    return
                }
                let expiry = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled, let self else { return }
                    let expired = self.lock.withLock { self.entries[channel]?.waiters.removeValue(forKey: id) }
                    expired?.continuation.resume()
                }
                entries[channel]?.waiters[id] = Waiter(continuation: continuation, wantsLiveOutput: liveOutput, expiry: expiry)
                lock.unlock()
            }
        } onCancel: {
            let waiter = lock.withLock { entries[channel]?.waiters.removeValue(forKey: id) }
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
