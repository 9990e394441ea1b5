import A2AProtocol
import Foundation

/// Tasks in memory, optionally written through to SQLite. Running tasks and the
/// `recentLimit` most recently finished ones are kept as values; older finished tasks are
/// packed (`PackedTask`, about a quarter of the memory) and unpacked when asked for.
///
/// The store is bounded by count, by the bytes of its finished tasks and by age: finished tasks
/// go oldest first (by when they finished), running tasks are never dropped, and a finished task
/// older than the TTL is gone. Owned by the `TaskManager` actor, which serialises every call.
final class TaskStore {
    /// Running tasks, and the most recently finished ones.
    private var entries: [String: TaskEntry] = [:]
    /// The other finished tasks; the value is the stamp of their place in `finished`.
    private var packed: [PackedTask: UInt64] = [:]
    /// Message id → the task it created or continued (a probe key, or the packed task itself).
    private var byMessageId: [String: PackedTask] = [:]
    /// Finished tasks in the order they finished. Before `evictHead`: gone. From `evictHead` to
    /// `packHead`: packed. From `packHead` on: values in `entries`. An element whose stamp is
    /// not its task's current one is stale (the task was continued, replaced or removed).
    private var finished: [(key: PackedTask, stamp: UInt64)] = []
    private var evictHead = 0
    private var packHead = 0
    /// Finished tasks held as values in `entries`.
    private var recentCount = 0
    private var clock: UInt64 = 0
    private let capacity: Int
    private let byteBudget: Int
    private let recentLimit: Int
    /// The estimated bytes of the finished tasks in memory (see `TaskEntry.bytes`).
    private(set) var finishedBytes = 0
    private let ttl: TimeInterval
    /// The tasks file or shared store, if any (the manager also reads and writes replicas' claims
    /// and events in it).
    let database: (any SharedTaskStore)?
    /// Asked for tasks neither memory nor the database holds.
    let external: (any ExternalTaskSource)?
    /// The clock tasks are stamped and aged by (tests pass one they move themselves).
    let now: @Sendable () -> Date

    /// - Parameter recentLimit: how many finished tasks stay unpacked (a send or GetTask right
    ///   after a task finished reads it without decoding).
    /// - Parameter shared: a shared store opened elsewhere (PostgreSQL), used instead of `databasePath`.
    /// - Throws: `TaskDatabaseError` when `databasePath` cannot be opened or `shared` read.
    init(capacity: Int, byteBudget: Int = 64 << 20, recentLimit: Int = 64, ttl: TimeInterval, databasePath: String?,
         shared: (any SharedTaskStore)? = nil,
         external: (any ExternalTaskSource)? = nil, now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.external = external
        self.capacity = max(1, capacity)
        self.byteBudget = max(1, byteBudget)
        self.recentLimit = max(0, recentLimit)
        self.ttl = ttl
        self.now = now
        if let database = try shared ?? databasePath.map({ try TaskDatabase(path: $0) as any SharedTaskStore }) {
            self.database = database
            for entry in try database.loadRecent(limit: self.capacity).reversed() {
                insert(entry)
            }
        } else {
            database = nil
        }
    }

    /// The number of tasks in memory.
    var count: Int { entries.count + packed.count }

    /// The number of finished tasks held packed.
    var packedCount: Int { packed.count }

    /// Tasks that were still running when the previous process stopped.
    var unfinished: [TaskEntry] {
        entries.values.filter { !$0.isFinished }
    }

    /// The entry for `id`, from memory or the external source (not the shared store: the
    /// manager reads that, since it must wait for it); nil once its TTL has passed.
    func entry(id: String) -> TaskEntry? {
        if let entry = peek(id: id) {
            if isExpired(entry.isFinished, updatedAt: entry.updatedAt) {
                remove(id)
                return nil
            }
            return entry
        }
        return entry(externalId: id)
    }

    /// True when memory holds task `id` (perhaps past its TTL).
    func holds(id: String) -> Bool {
        entries[id] != nil || packed.index(forKey: PackedTask(probe: id)) != nil
    }

    /// Task `id` from the external source, if it has it.
    func entry(externalId id: String) -> TaskEntry? {
        // An external task is kept only once it is terminal: until then it may change elsewhere.
        guard let found = external?.task(id: id).map(entry(external:)) else { return nil }
        if found.task.status.state.isTerminal { insert(found) }
        return found
    }

    /// A task from the external source as an entry (its history's user messages are its message ids).
    private func entry(external task: A2ATask) -> TaskEntry {
        let messageIds = (task.history ?? []).filter { $0.role == .user }.map(\.messageId)
        let time = now()
        return TaskEntry(task: task, messageIds: messageIds, createdAt: time, updatedAt: time, events: [])
    }

    /// The entry for `id` in memory, even when its TTL has just passed (answers the send that
    /// finished it).
    func peek(id: String) -> TaskEntry? {
        if let entry = entries[id] { return entry }
        guard let index = packed.index(forKey: PackedTask(probe: id)) else { return nil }
        return try? packed.keys[index].unpacked()
    }

    /// The task created by message `messageId`, if any, from memory or the external source (not
    /// the shared store).
    func entry(messageId: String) -> TaskEntry? {
        if let key = byMessageId[messageId], let entry = entry(id: key.id) { return entry }
        guard let id = external?.taskID(forMessageID: messageId) else { return nil }
        return entry(id: id)
    }

    /// The id of the task message `messageId` created or continued, as memory knows it.
    func taskId(forMessageId messageId: String) -> String? {
        byMessageId[messageId]?.id
    }

    /// Adds or replaces an entry (memory only; call `persist` to write it).
    func insert(_ entry: TaskEntry) {
        let id = entry.task.id
        remove(id)
        var entry = entry
        entry.bytes = 0
        entry.finishStamp = 0
        entries[id] = entry
        let key = PackedTask(probe: id)
        for messageId in entry.messageIds { byMessageId[messageId] = key }
        if entry.isFinished { recordFinished(id) }
        evictIfNeeded()
    }

    /// Changes an entry in place (its arrays are not copied: nothing else holds them). A packed
    /// task is unpacked first.
    func update(id: String, _ change: (inout TaskEntry) -> Void) {
        if entries[id] == nil {
            guard let entry = peek(id: id) else { return }
            remove(id)
            entries[id] = entry
            let key = PackedTask(probe: id)
            for messageId in entry.messageIds { byMessageId[messageId] = key }
        }
        guard let index = entries.index(forKey: id) else { return }
        let wasCounted = entries.values[index].bytes > 0  // an unpacked task is not, yet
        let messageCount = entries.values[index].messageIds.count
        change(&entries.values[index])
        entries.values[index].updatedAt = now()
        let entry = entries.values[index]
        if entry.messageIds.count != messageCount {
            let key = PackedTask(probe: id)
            for messageId in entry.messageIds { byMessageId[messageId] = key }
        }
        switch (wasCounted, entry.isFinished) {
        case (false, true):
            recordFinished(id)
            evictIfNeeded()
        case (true, false):
            forgetFinished(id)
        case (true, true):
            let bytes = entry.estimatedBytes
            finishedBytes += bytes - entry.bytes
            entries.values[index].bytes = bytes
            evictIfNeeded()
        case (false, false):
            break
        }
    }

    /// The state of a task in memory, without checking its TTL (for the manager's bookkeeping of
    /// the tasks it runs).
    func state(id: String) -> TaskState? {
        entries[id]?.task.status.state ?? packedKey(id)?.state
    }

    /// The context of a task in memory (see `state(id:)`).
    func contextId(id: String) -> String? {
        entries[id]?.task.contextId ?? packedKey(id)?.contextId
    }

    /// The live (not expired) tasks that pass `filter`, newest first (by creation time, then
    /// id), created before `cursor` when one is given: at most `limit` of them, unpacked, and
    /// how many passed the filter whatever the cursor.
    ///
    /// The external source's tasks are among them. A task both in memory and in the source is
    /// sorted by the source's creation time (it stays put when memory lets it go) and read
    /// from memory (which follows a task running here most closely).
    func page(where filter: TaskFilter, before cursor: PageCursor?, limit: Int) -> (entries: [TaskEntry], total: Int) {
        let summaries = external?.summaries() ?? []
        var externalMicros: [String: Int64] = [:]
        externalMicros.reserveCapacity(summaries.count)
        for summary in summaries { externalMicros[summary.id] = summary.createdMicros }
        var matches: [(micros: Int64, id: String, entry: TaskEntry?, key: PackedTask?)] = []
        var held: Set<String> = []
        for entry in entries.values where !isExpired(entry.isFinished, updatedAt: entry.updatedAt) {
            held.insert(entry.task.id)
            guard filter.matches(contextId: entry.task.contextId, state: entry.task.status.state,
                                 statusTimestamp: entry.task.status.timestamp) else { continue }
            matches.append((externalMicros[entry.task.id] ?? entry.createdMicros, entry.task.id, entry, nil))
        }
        for key in packed.keys where !isExpired(true, updatedMicros: key.updatedMicros) {
            held.insert(key.id)
            guard filter.matches(contextId: key.contextId, state: key.state, statusTimestamp: key.statusTimestamp)
            else { continue }
            matches.append((externalMicros[key.id] ?? key.createdMicros, key.id, nil, key))
        }
        for summary in summaries where !held.contains(summary.id)
            && filter.matches(contextId: summary.contextId, state: summary.state, statusTimestamp: summary.statusTimestamp) {
            held.insert(summary.id)  // a source that lists a task twice shows it once
            matches.append((summary.createdMicros, summary.id, nil, nil))
        }
        let total = matches.count
        if let cursor { matches.removeAll { ($0.micros, $0.id) >= (cursor.micros, cursor.id) } }
        matches.sort { ($0.micros, $0.id) > ($1.micros, $1.id) }
        let page = matches.prefix(limit).compactMap { match -> TaskEntry? in
            var entry: TaskEntry
            if let kept = match.entry ?? (try? match.key?.unpacked()) {
                entry = kept
            } else if let task = external?.task(id: match.id) {
                entry = self.entry(external: task)
            } else {
                return nil  // gone from the source since it was listed
            }
            entry.createdAt = TaskEntry.date(micros: match.micros)  // the sort key the page token carries
            return entry
        }
        return (page, total)
    }

    // MARK: - Finished tasks

    private func packedKey(_ id: String) -> PackedTask? {
        packed.index(forKey: PackedTask(probe: id)).map { packed.keys[$0] }
    }

    /// Counts a task that has just finished against the budget and queues it, newest last.
    private func recordFinished(_ id: String) {
        guard var entry = entries[id] else { return }
        clock += 1
        entry.finishStamp = clock
        entry.bytes = entry.estimatedBytes
        finishedBytes += entry.bytes
        entries[id] = entry
        finished.append((PackedTask(probe: id), clock))
        recentCount += 1
        packOldRecent()
        compactQueueIfNeeded()
    }

    /// A finished task that runs again (a follow-up to an input-required task) no longer counts.
    private func forgetFinished(_ id: String) {
        guard let index = entries.index(forKey: id) else { return }
        finishedBytes -= entries.values[index].bytes
        entries.values[index].bytes = 0
        entries.values[index].finishStamp = 0
        recentCount -= 1
    }

    /// Packs the oldest recent tasks beyond `recentLimit`.
    private func packOldRecent() {
        while recentCount > recentLimit, packHead < finished.count {
            let (key, stamp) = finished[packHead]
            packHead += 1
            let id = key.id
            guard let entry = entries[id], entry.finishStamp == stamp, entry.isFinished else { continue }
            guard let packedTask = try? PackedTask(entry) else {
                remove(id)  // cannot happen (every task encodes); never keep a task uncounted
                continue
            }
            entries.removeValue(forKey: id)
            recentCount -= 1
            finishedBytes += Self.packedBytes(packedTask) - entry.bytes
            packed[packedTask] = stamp
            for messageId in entry.messageIds { byMessageId[messageId] = packedTask }
            finished[packHead - 1].key = packedTask
        }
    }

    /// What a packed task is counted for: its bytes, the key's slots in the two dictionaries and
    /// its place in the queue.
    private static func packedBytes(_ task: PackedTask) -> Int { task.bytes.count + 96 }

    private func isExpired(_ isFinished: Bool, updatedAt: Date) -> Bool {
        isFinished && now().timeIntervalSince(updatedAt) > ttl
    }

    private func isExpired(_ isFinished: Bool, updatedMicros: Int64) -> Bool {
        isExpired(isFinished, updatedAt: TaskEntry.date(micros: updatedMicros))
    }

    private func remove(_ id: String) {
        if let entry = entries.removeValue(forKey: id) {
            finishedBytes -= entry.bytes
            if entry.bytes > 0 { recentCount -= 1 }
            for messageId in entry.messageIds where byMessageId[messageId]?.id == id {
                byMessageId.removeValue(forKey: messageId)
            }
        } else if let index = packed.index(forKey: PackedTask(probe: id)) {
            let key = packed.keys[index]
            packed.remove(at: index)
            finishedBytes -= Self.packedBytes(key)
            for messageId in key.messageIds where byMessageId[messageId] == key {
                byMessageId.removeValue(forKey: messageId)
            }
        }
    }

    /// Drops the oldest finished tasks while the store is over its count or its byte budget.
    private func evictIfNeeded() {
        while count > capacity || finishedBytes > byteBudget, evictHead < finished.count {
            let (key, stamp) = finished[evictHead]
            evictHead += 1
            packHead = max(packHead, evictHead)
            if packed[key] == stamp {
                remove(key.id)
            } else if let entry = entries[key.id], entry.finishStamp == stamp, entry.isFinished {
                remove(key.id)
            }
        }
        compactQueueIfNeeded()
    }

    /// Drops the queue's consumed and stale elements once they are most of it (stale ones pile
    /// up when tasks are continued again and again).
    private func compactQueueIfNeeded() {
        guard (evictHead > 1024 && evictHead > finished.count / 2) || finished.count - evictHead > 2 * count + 1024
        else { return }
        let live = finished[evictHead...].enumerated().filter { offset, element in
            packed[element.key] == element.stamp || entries[element.key.id]?.finishStamp == element.stamp
        }
        packHead = live.firstIndex { $0.offset + evictHead >= packHead } ?? live.count
        finished = live.map(\.element)
        evictHead = 0
    }
}

private extension TaskEntry {
    /// Terminal or interrupted: counted against the budget, and packed once it is not recent.
    var isFinished: Bool {
        task.status.state.isTerminal || task.status.state.isInterrupted
    }
}
