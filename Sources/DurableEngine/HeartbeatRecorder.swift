import Foundation
import Synchronization

/// Persists heartbeat details at most once a second, and extends the lease with each write.
final class HeartbeatRecorder: Sendable {
    private let store: WorkflowStore
    private let activity: ClaimedActivity
    private let owner: String
    private let lease: Double
    /// The details not yet written (`.some(nil)` clears them) and when the last write was.
    private let state = Mutex<(pending: Payload??, lastWrite: Date)>((nil, .distantPast))

    init(store: WorkflowStore, activity: ClaimedActivity, owner: String, lease: Double) {
        self.store = store
        self.activity = activity
        self.owner = owner
        self.lease = lease
    }

    func record(_ details: Payload?) {
        let write = state.withLock { state -> Bool in
            state.pending = .some(details)
            return Date().timeIntervalSince(state.lastWrite) >= 1
        }
        if write { flush() }
    }

    func flush() {
        let details = state.withLock { state -> Payload?? in
            defer { state = (nil, Date()) }
            return state.pending
        }
        guard let details else { return }
        try? store.recordHeartbeat(activity, owner: owner, details: details, lease: lease)
    }
}
