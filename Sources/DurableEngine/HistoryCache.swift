import Foundation

/// Decoded histories of runs that are about to resume (they just scheduled activities), so the
/// next workflow task reads only the new events. Runs waiting on timers or signals are not kept:
/// they hold no memory in the worker. The history is append-only, so a cached prefix stays valid
/// even if another worker takes the run over meanwhile.
final class HistoryCache: @unchecked Sendable {
    // @unchecked Sendable: `entries` and `order` are guarded by `lock`.
    private let lock = NSLock()
    private var entries: [String: [HistoryEvent]] = [:]
    private var order: [String] = []
    private let capacity: Int

    init(capacity: Int = 4096) {
        self.capacity = capacity
    }

    /// Removes and returns the cached prefix of `runID`.
    func take(_ runID: String) -> [HistoryEvent]? {
        lock.withLock { entries.removeValue(forKey: runID) }
    }

    /// Keeps `history` for `runID`, dropping the oldest entries above capacity.
    func keep(_ history: [HistoryEvent], for runID: String) {
        lock.withLock {
            if entries.updateValue(history, forKey: runID) == nil { order.append(runID) }
            while entries.count > capacity, !order.isEmpty {
                entries.removeValue(forKey: order.removeFirst())
            }
            if order.count > capacity * 2 { order = order.filter { entries[$0] != nil } }
        }
    }
}
