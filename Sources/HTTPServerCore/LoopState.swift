import CLibEvent
import Foundation

/// What the loop thread knows about connections and in-flight requests. Loop thread only.
final class LoopState {
    var connections: [OpaquePointer: ConnectionState] = [:]
    var requests: [Int: RequestState] = [:]
    var nextRequestID = 1
    var shuttingDown = false
    var shutdownDeadline: UInt64 = 0

    /// Resumes every writer waiting for a flush with "gone" (the loop is ending).
    func failPendingWrites() {
        for state in requests.values {
            state.pendingResume?(false)
            state.pendingResume = nil
        }
    }

    /// Frees the heartbeat timers of open streams.
    func freeHeartbeats() {
        for state in requests.values {
            if let heartbeat = state.heartbeat { event_free(heartbeat) }
            state.heartbeat = nil
        }
    }
}
