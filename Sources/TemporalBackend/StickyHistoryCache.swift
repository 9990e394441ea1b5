import Synchronization
import TemporalProtos

typealias TWorkflowExecution = Temporal_Api_Common_V1_WorkflowExecution

/// The history events a sticky worker has seen of each open run, by run ID, so that a task from
/// the sticky queue (which brings only the events since the run's last completed workflow task)
/// can be replayed whole. Least recently used runs are dropped beyond `capacity`; a capacity of
/// 0 keeps nothing.
final class StickyHistoryCache: Sendable {
    private struct Entry {
        var execution: TWorkflowExecution
        var events: [THistoryEvent]
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The events 1... of `runID` as last stored, marked as just used; nil when not cached.
    func events(of runID: String) -> [THistoryEvent]? {
        state.withLock { state in
            guard state.entries[runID] != nil else { return nil }
            state.clock += 1
            state.entries[runID]!.lastUse = state.clock
            return state.entries[runID]!.events
        }
    }

    /// Keeps `events` (the run's whole history so far, from event 1) as `execution`'s, dropping
    /// the least recently used run when the cache is full.
    func store(_ execution: TWorkflowExecution, events: [THistoryEvent]) {
        guard capacity > 0 else { return }
        state.withLock { state in
            state.clock += 1
            if state.entries[execution.runID] == nil, state.entries.count >= capacity,
               let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })?.key {
                state.entries.removeValue(forKey: oldest)
            }
            state.entries[execution.runID] = Entry(execution: execution, events: events, lastUse: state.clock)
        }
    }

    /// Forgets `runID` (closed, or its history here may no longer be what the server has).
    func remove(_ runID: String) {
        _ = state.withLock { $0.entries.removeValue(forKey: runID) }
    }

    /// The runs cached now.
    var executions: [TWorkflowExecution] { state.withLock { $0.entries.values.map(\.execution) } }

    var count: Int { state.withLock { $0.entries.count } }

    /// True when `runID` is cached (without marking it as used).
    func contains(_ runID: String) -> Bool { state.withLock { $0.entries[runID] != nil } }
}
