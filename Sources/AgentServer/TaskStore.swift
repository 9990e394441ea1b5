import A2AProtocol
import Foundation

/// Tasks in memory, bounded by count and by the estimated bytes of finished tasks (least
/// recently used finished tasks go first; running tasks are never dropped) and by age (finished
/// tasks older than the TTL go), optionally written through to SQLite.
/// Owned by the `TaskManager` actor, which serialises every call.
final class TaskStore {
    private var entries: [String: TaskEntry] = [:]
    private var byMessageId: [String: String] = [:]
    /// LRU queue of (id, stamp); an element is stale when the entry's stamp moved on.
    private var order: [(id: String, stamp: UInt64)] = []
    private var orderHead = 0
    private var clock: UInt64 = 0
    private let capacity: Int
    private let byteBudget: Int
    /// The estimated bytes of the finished entries in memory (see `TaskEntry.bytes`).
    private(set) var finishedBytes = 0
    private let ttl: TimeInterval
    private let database: TaskDatabase?
    /// The clock tasks are stamped and aged by (tests pass one they move themselves).
    let now: @Sendable () -> Date

    /// - Throws: `TaskDatabaseError` when `databasePath` cannot be opened.
    init(capacity: Int, byteBudget: Int = 64 << 20, ttl: TimeInterval, databasePath: String?,
         now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.capacity = max(1, capacity)
        self.byteBudget = max(1, byteBudget)
        self.ttl = ttl
        self.now = now
        if let databasePath {
            let database = try TaskDatabase(path: databasePath)
            self.database = database
            for entry in try database.loadRecent(limit: self.capacity).reversed() {
                insert(entry)
            }
        } else {
            database = nil
        }
    }

    /// The number of tasks in memory.
    var count: Int { entries.count }

    /// Tasks that were still running when the previous process stopped.
    var unfinished: [TaskEntry] {
        entries.values.filter { !Self.isFinished($0) }
    }

    /// The entry for `id`, from memory or the database.
    func entry(id: String) -> TaskEntry? {
        if let entry = entries[id] {
            if isExpired(entry) {
                remove(id)
                return nil
            }
            touch(id)
            return entries[id]
        }
        guard let loaded = try? database?.load(id: id) else { return nil }
        insert(loaded)
        return loaded
    }

    /// The entry for `id` in memory, even when its TTL has just passed (answers the send that
    /// finished it).
    func peek(id: String) -> TaskEntry? {
        entries[id]
    }

    /// The task created by message `messageId`, if any.
    func entry(messageId: String) -> TaskEntry? {
        if let id = byMessageId[messageId], let entry = entry(id: id) { return entry }
        guard let id = try? database?.taskId(forMessageId: messageId) else { return nil }
        return entry(id: id)
    }

    /// Adds or replaces an entry (memory only; call `persist` to write it).
    func insert(_ entry: TaskEntry) {
        var entry = entry
        clock += 1
        entry.touched = clock
        finishedBytes -= entries[entry.task.id]?.bytes ?? 0
        entry.bytes = Self.isFinished(entry) ? entry.estimatedBytes : 0
        finishedBytes += entry.bytes
        entries[entry.task.id] = entry
        for messageId in entry.messageIds { byMessageId[messageId] = entry.task.id }
        order.append((entry.task.id, clock))
        evictIfNeeded()
    }

    /// Changes an entry in place (its arrays are not copied: nothing else holds them).
    func update(id: String, _ change: (inout TaskEntry) -> Void) {
        guard let index = entries.index(forKey: id) else { return }
        let messageCount = entries.values[index].messageIds.count
        change(&entries.values[index])
        entries.values[index].updatedAt = now()
        let messageIds = entries.values[index].messageIds
        if messageIds.count != messageCount {
            for messageId in messageIds { byMessageId[messageId] = id }
        }
        // A task is counted against the byte budget once, when it finishes.
        if entries.values[index].bytes == 0, Self.isFinished(entries.values[index]) {
            let bytes = entries.values[index].estimatedBytes
            entries.values[index].bytes = bytes
            finishedBytes += bytes
            evictIfNeeded()
        }
    }

    private static func isFinished(_ entry: TaskEntry) -> Bool {
        entry.task.status.state.isTerminal || entry.task.status.state.isInterrupted
    }

    /// The state of a task in memory, without touching its LRU place or checking its TTL
    /// (for the manager's bookkeeping of the tasks it runs).
    func state(id: String) -> TaskState? {
        entries[id]?.task.status.state
    }

    /// The context of a task in memory (see `state(id:)`).
    func contextId(id: String) -> String? {
        entries[id]?.task.contextId
    }

    /// Writes the entry through to the database, if there is one.
    func persist(id: String) throws {
        guard let database, let entry = entries[id] else { return }
        try database.save(entry)
    }

    /// Every live entry (not expired), in no particular order.
    func all() -> [TaskEntry] {
        entries.values.filter { !isExpired($0) }
    }

    private func isExpired(_ entry: TaskEntry) -> Bool {
        Self.isFinished(entry) && now().timeIntervalSince(entry.updatedAt) > ttl
    }

    /// Marks `id` as just used (LRU order).
    func touch(_ id: String) {
        clock += 1
        entries[id]?.touched = clock
        order.append((id, clock))
        if order.count > 4 * capacity + 64 { compactOrder() }
    }

    private func remove(_ id: String) {
        guard let entry = entries.removeValue(forKey: id) else { return }
        finishedBytes -= entry.bytes
        for messageId in entry.messageIds where byMessageId[messageId] == id {
            byMessageId.removeValue(forKey: messageId)
        }
    }

    private func evictIfNeeded() {
        var skipped: [(id: String, stamp: UInt64)] = []
        while entries.count > capacity || finishedBytes > byteBudget, orderHead < order.count {
            let candidate = order[orderHead]
            orderHead += 1
            guard let entry = entries[candidate.id], entry.touched == candidate.stamp else { continue }
            if Self.isFinished(entry) {
                remove(candidate.id)
            } else {
                skipped.append(candidate)  // running tasks are never dropped
            }
        }
        order.append(contentsOf: skipped)
        if orderHead > order.count / 2 { compactOrder() }
    }

    private func compactOrder() {
        order = order[orderHead...].filter { entries[$0.id]?.touched == $0.stamp }
        orderHead = 0
    }
}
