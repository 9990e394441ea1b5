import DurableEngine
import Synchronization

/// What one running activity attempt shares with its heartbeat loop: the latest heartbeat
/// details not yet sent, the text it published for live watchers, and why the attempt was
/// stopped, if it was.
final class ActivityAttemptState: Sendable {
    /// Why an attempt was stopped before it finished.
    enum StopReason: Sendable {
        case cancelRequested, timedOut
    }

    /// Live text longer than this is not sent: heartbeat details are stored by the server on
    /// every beat, and a watcher gets the whole answer from the result anyway.
    static let maximumLiveBytes = 256 * 1024

    private struct State {
        var pending: Payload?? = nil
        /// The details of the last beat, sent again with new live text (a beat replaces them).
        var lastDetails: Payload? = nil
        var live: String? = nil
        var liveChanged = false
        var stop: StopReason? = nil
    }

    private let state = Mutex(State())

    /// Keeps `details` for the next heartbeat (`nil` details: a beat without details).
    func record(_ details: Payload?) { state.withLock { $0.pending = .some(details) } }

    /// Keeps `text` (everything the attempt published so far) for the next heartbeat.
    func publish(_ text: String) {
        state.withLock { state in
            guard text.utf8.count <= Self.maximumLiveBytes, text != state.live else { return }
            state.live = text
            state.liveChanged = true
        }
    }

    /// True once the attempt published text: its heartbeats then go out often.
    var isPublishing: Bool { state.withLock { $0.live != nil } }

    /// What the next heartbeat sends, if anything changed since the last call: the details, and
    /// the live text when there is any.
    func takePending() -> (details: Payload?, live: String?)? {
        state.withLock { state in
            guard state.pending != nil || state.liveChanged else { return nil }
            if let pending = state.pending { state.lastDetails = pending }
            defer {
                state.pending = nil
                state.liveChanged = false
            }
            return (state.lastDetails, state.live)
        }
    }

    func stop(_ reason: StopReason) { state.withLock { $0.stop = $0.stop ?? reason } }

    var stopReason: StopReason? { state.withLock { $0.stop } }
}
