import DequeModule
import Synchronization

/// Decoded histories of runs that are about to resume (they just scheduled activities), so the
/// next workflow task reads only the new events. Runs waiting on timers or signals are not kept:
/// they hold no memory in the worker. The history is append-only, so a cached prefix stays valid
/// even if another worker takes the run over meanwhile.
///
/// Eviction drops the run kept longest ago. Each `keep` stamps its entry; the queue holds
/// (run, stamp) pairs, and a pair whose stamp no longer matches (the run was taken or kept
/// again since) is skipped, so a stale place in the queue never evicts a newer entry.
final class HistoryCache: Sendable {
    private struct State {
        var entries: [String: (history: [HistoryEvent], stamp: UInt64)] = [:]
        var order: Deque<(runID: String, stamp: UInt64)> = []
        var nextStamp: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = max(1, capacity)
    }

    /// The number of runs cached.
    var count: Int { state.withLock { $0.entries.count } }

    /// Removes and returns the cached prefix of `runID`.
    func take(_ runID: String) -> [HistoryEvent]? {
        state.withLock { $0.entries.removeValue(forKey: runID)?.history }
    }

    /// Keeps `history` for `runID` as the newest entry, dropping the oldest above capacity.
    func keep(_ history: [HistoryEvent], for runID: String) {
        let capacity = capacity
        state.withLock { state in
            state.nextStamp += 1
            state.entries[runID] = (history, state.nextStamp)
            state.order.append((runID, state.nextStamp))
            while state.entries.count > capacity, let oldest = state.order.popFirst() {
                if state.entries[oldest.runID]?.stamp == oldest.stamp { state.entries.removeValue(forKey: oldest.runID) }
            }
            if state.order.count > 2 * capacity {   // drop stale places, keeping the queue bounded
                state.order = Deque(state.order.filter { state.entries[$0.runID]?.stamp == $0.stamp })
            }
        }
    }
}
