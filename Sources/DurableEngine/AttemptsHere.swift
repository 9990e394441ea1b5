import Synchronization

/// The workflows with an activity attempt running in this process now, so that a follower of
/// a run's live output knows whether that output is published here (and wakes it) or by
/// another process (and must be polled for).
final class AttemptsHere: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    /// An attempt of `workflowID` began here.
    func begin(_ workflowID: String) {
        counts.withLock { $0[workflowID, default: 0] += 1 }
    }

    /// An attempt of `workflowID` that began here ended.
    func end(_ workflowID: String) {
        counts.withLock { counts in
            let left = (counts[workflowID] ?? 1) - 1
            counts[workflowID] = left > 0 ? left : nil
        }
    }

    /// True while an attempt of `workflowID` runs here.
    func contains(_ workflowID: String) -> Bool {
        counts.withLock { $0[workflowID] != nil }
    }
}
