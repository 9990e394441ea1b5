import DurableEngine
import Synchronization

/// What one running activity attempt shares with its heartbeat loop: the latest heartbeat
/// details not yet sent, and why the attempt was stopped, if it was.
final class ActivityAttemptState: Sendable {
    /// Why an attempt was stopped before it finished.
    enum StopReason: Sendable {
        case cancelRequested, timedOut
    }

    private let state = Mutex<(pending: Payload??, stop: StopReason?)>((nil, nil))

    /// Keeps `details` for the next heartbeat (`nil` details: a beat without details).
    func record(_ details: Payload?) { state.withLock { $0.pending = .some(details) } }

    /// The details recorded since the last call, if the activity heartbeated since.
    func takePending() -> Payload?? {
        state.withLock { state in
            defer { state.pending = nil }
            return state.pending
        }
    }

    func stop(_ reason: StopReason) { state.withLock { $0.stop = $0.stop ?? reason } }

    var stopReason: StopReason? { state.withLock { $0.stop } }
}
