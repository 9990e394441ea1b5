import Foundation

/// Tells clients waiting for a result in this process that a run of their workflow closed, so
/// that they look once instead of polling (and instead of every client waking for every close).
/// Closes written by other processes arrive as `wakeEveryWaiter` (see `CrossProcessWakeup`),
/// and the clients' slower polling stays as the safety net.
///
/// A client registers before it reads the run's status and waits after, so a close that lands
/// between the read and the wait is not missed. Timeouts are kept by one sweeper task that
/// runs only while someone waits, rather than by a sleeping task per wait.
final class CloseNotifier: @unchecked Sendable {
    // @unchecked Sendable: `slots`, `nextID` and `sweeping` are guarded by `lock`.

    /// How a run ended, as recorded, when the closing code knows it (completed or failed); the
    /// waiter then needs no read of the database.
    struct Closed: Sendable {
        let status: WorkflowStatus
        let result: Payload?
        let failure: ActivityFailureInfo?

        /// From the close event a commit appended; nil for other events and for closes whose
        /// details the client reads from the history (cancel, terminate, continue-as-new).
        init?(_ event: HistoryEvent?) {
            switch event?.eventType {
            case .workflowExecutionCompleted?: (status, result, failure) = (.completed, event?.attributes.result, nil)
            case .workflowExecutionFailed?: (status, result, failure) = (.failed, nil, event?.attributes.failure)
            default: return nil
            }
        }
    }

    /// A registration, handed to `wait`.
    struct Ticket {
        fileprivate let workflowID: String
        fileprivate let id: Int
        /// True when a run of the workflow started in this process has not closed here since,
        /// so its close is expected through this notifier and a first read would find it running.
        let openHere: Bool
    }

    private struct Slot {
        /// True once a close was signalled for the workflow after registration.
        var fired = false
        var closed: Closed?
        var deadline: ContinuousClock.Instant?
        var continuation: CheckedContinuation<Closed?, Never>?
    }

    private let lock = NSLock()
    private var slots: [String: [Int: Slot]] = [:]
    private var nextID = 0
    private var sweeping = false
    /// Workflows whose latest run started in this process with its first task recorded here,
    /// until a close of theirs is signalled. Bounded: a run closed by another process leaves
    /// its ID behind, which costs its waiter one timeout instead of one read.
    private var openHere: Set<String> = []
    private static let openHereLimit = 10_000
    /// How often the sweeper looks for expired waits, which bounds how late a timeout ends.
    let granularity: Duration

    init(granularity: Duration = .milliseconds(5)) {
        self.granularity = granularity
    }

    /// Wakes whoever waits for `workflowID`, handing over how the run ended when known;
    /// registrations not yet waiting return at once.
    func signal(_ workflowID: String, closed: Closed? = nil) {
        signal(workflowID, closed: closed, startedHere: false)
    }

    /// `signal` for a start whose first task was just recorded in this process: wakes waiters
    /// of an earlier run, then expects this run's close here.
    func signalStartedHere(_ workflowID: String) {
        signal(workflowID, closed: nil, startedHere: true)
    }

    private func signal(_ workflowID: String, closed: Closed?, startedHere: Bool) {
        let woken = lock.withLock { () -> [CheckedContinuation<Closed?, Never>] in
            if startedHere {
                if openHere.count >= Self.openHereLimit { openHere.removeAll() }
                openHere.insert(workflowID)
            } else {
                openHere.remove(workflowID)
            }
            return fire(workflowID, closed: closed)
        }
        for continuation in woken { continuation.resume(returning: closed) }
    }

    /// Takes the waiting continuations of `workflowID`'s registrations out, and marks the
    /// registrations not yet waiting as fired with `closed`. Called with `lock` held.
    private func fire(_ workflowID: String, closed: Closed?) -> [CheckedContinuation<Closed?, Never>] {
        guard var byID = slots[workflowID] else { return [] }
        var woken: [CheckedContinuation<Closed?, Never>] = []
        for (id, slot) in byID {
            if let continuation = slot.continuation {
                woken.append(continuation)
                byID.removeValue(forKey: id)
            } else {
                byID[id]?.fired = true
                byID[id]?.closed = closed
            }
        }
        slots[workflowID] = byID.isEmpty ? nil : byID
        return woken
    }

    /// Wakes every waiter, and the registrations not yet waiting, without saying how anything
    /// ended: another process committed something, and each waiter reads its run again.
    func wakeEveryWaiter() {
        let woken = lock.withLock { Array(slots.keys).flatMap { fire($0, closed: nil) } }
        for continuation in woken { continuation.resume(returning: nil) }
    }

    /// Starts listening for closes of `workflowID`; pass the ticket to `wait` or `cancel`.
    func register(_ workflowID: String) -> Ticket {
        lock.withLock {
            nextID += 1
            slots[workflowID, default: [:]][nextID] = Slot()
            return Ticket(workflowID: workflowID, id: nextID, openHere: openHere.contains(workflowID))
        }
    }

    /// Stops listening without waiting.
    func cancel(_ ticket: Ticket) {
        lock.withLock { remove(ticket) }
    }

    /// Returns when a run of the ticket's workflow closed since `register` (with how it ended,
    /// when the closer knew), or nil after about `timeout`.
    func wait(_ ticket: Ticket, timeout: Duration) async -> Closed? {
        let deadline = ContinuousClock.now + timeout
        return await withCheckedContinuation { (continuation: CheckedContinuation<Closed?, Never>) in
            let (ready, closed, startSweeper) = lock.withLock { () -> (Bool, Closed?, Bool) in
                guard let slot = slots[ticket.workflowID]?[ticket.id], !slot.fired else {
                    let closed = slots[ticket.workflowID]?[ticket.id]?.closed
                    remove(ticket)
                    return (true, closed, false)
                }
                slots[ticket.workflowID]?[ticket.id] = Slot(deadline: deadline, continuation: continuation)
                defer { sweeping = true }
                return (false, nil, !sweeping)
            }
            if ready { continuation.resume(returning: closed) }
            if startSweeper { Task { await self.sweep() } }
        }
    }

    private func remove(_ ticket: Ticket) {
        slots[ticket.workflowID]?.removeValue(forKey: ticket.id)
        if slots[ticket.workflowID]?.isEmpty == true { slots.removeValue(forKey: ticket.workflowID) }
    }

    /// Ends expired waits until nobody waits.
    private func sweep() async {
        while true {
            try? await Task.sleep(for: granularity)
            let now = ContinuousClock.now
            let (expired, done) = lock.withLock { () -> ([CheckedContinuation<Closed?, Never>], Bool) in
                var expired: [CheckedContinuation<Closed?, Never>] = []
                var anyWaiting = false
                for (workflowID, byID) in slots {
                    for (id, slot) in byID {
                        guard let continuation = slot.continuation, let deadline = slot.deadline else { continue }
                        if deadline <= now {
                            expired.append(continuation)
                            remove(Ticket(workflowID: workflowID, id: id, openHere: false))
                        } else {
                            anyWaiting = true
                        }
                    }
                }
                if !anyWaiting { sweeping = false }
                return (expired, !anyWaiting)
            }
            for continuation in expired { continuation.resume(returning: nil) }
            if done { return }
        }
    }
}
