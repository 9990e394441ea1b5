import Foundation

/// Persists heartbeat details at most once a second, and extends the lease with each write.
final class HeartbeatRecorder: @unchecked Sendable {
    // @unchecked Sendable: `pending` and `lastWrite` are guarded by `lock`.
    private let store: WorkflowStore
    private let activity: ClaimedActivity
    private let owner: String
    private let lease: Double
    private let lock = NSLock()
    private var pending: Payload??
    private var lastWrite = Date.distantPast

    init(store: WorkflowStore, activity: ClaimedActivity, owner: String, lease: Double) {
        self.store = store
        self.activity = activity
        self.owner = owner
        self.lease = lease
    }

    func record(_ details: Payload?) {
        let write = lock.withLock { () -> Bool in
            pending = .some(details)
            return Date().timeIntervalSince(lastWrite) >= 1
        }
        if write { flush() }
    }

    func flush() {
        let details = lock.withLock { () -> Payload?? in
            defer { pending = nil; lastWrite = Date() }
            return pending
        }
        guard let details else { return }
        try? store.recordHeartbeat(activity, owner: owner, details: details, lease: lease)
    }
}
