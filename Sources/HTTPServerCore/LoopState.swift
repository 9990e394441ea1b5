import CLibEvent
import Foundation

/// What the loop thread knows about connections and in-flight requests. Loop thread only.
final class LoopState {
    var connections: [Int: HTTPConnection] = [:]
    var requests: [Int: RequestState] = [:]
    var nextConnectionID = 1
    var nextRequestID = 1
    var shuttingDown = false
    var shutdownDeadline: UInt64 = 0
    private var dateSecond = 0
    private var date = ""

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

    /// The `Date` header's value, formatted once a second.
    func dateHeader() -> String {
        let now = time(nil)
        guard now != dateSecond else { return date }
        date = HTTPDate.format(secondsSince1970: now)
        dateSecond = now
        return date
    }
}
