import A2AProtocol
import AgentServer
import Foundation
import Logging
import PostgresNIO
import Synchronization

/// The tasks of an agent's replicas on a PostgreSQL server (`switchboard agent --tasks-url`), so
/// replicas on several hosts share them: the same claims, leases, events and cancel requests as
/// the SQLite tasks file, with pooled connections (`PostgresClient`), and followers woken by
/// LISTEN/NOTIFY instead of polling.
///
/// A server that cannot be reached is checked every 200 ms meanwhile (`PostgresCallGuard`);
/// once it answers, the pool is replaced by a new one, so service resumes at once.
///
/// `TaskManager` awaits its calls on its actor, which serves other requests meanwhile; every call
/// waits at most `timeout`. The claims of new messages made while others are under way go in
/// one statement (`CallBatcher`), as do the event writes `TaskManager` gathers. Only the start
/// (connecting, migrating, reading the recent tasks) blocks, on a thread of the store's own.
public final class PostgresTaskStore: SharedTaskStore {
    private let calls: PostgresCallGuard
    private let claims: CallBatcher<ClaimBatchStatement.Claim, String?>
    private let signal = PostgresEventSignal()
    /// Where this replica's last cleanup of settled tasks' events ended (microseconds).
    private let cleanedUntil = Mutex<Int64>(0)
    private let logger: Logger
    private let address: PostgresStoreAddress
    public var eventSignal: (any TaskEventSignal)? { signal }

    /// Connects to the server `url` names, and creates or migrates the tables.
    /// - Parameter timeout: the longest one call waits for the server.
    /// - Throws: `TaskDatabaseError` for a bad URL, a server that cannot be reached, or a schema
    ///   newer than this switchboard's.
    public init(url: String, timeout: Duration = .seconds(3), logger: Logger = Logger(label: "switchboard.tasks.postgres")) throws {
        address = try PostgresStoreAddress(url: url)
        self.logger = logger
        var configuration = try address.clientConfiguration()
        // Up to two batches of claims, one of writes, the listener and reads at once.
        configuration.options.maximumConnections = 8
        configuration.options.minimumConnections = 4
        configuration.options.connectTimeout = timeout
        var quieter = logger
        quieter.logLevel = max(logger.logLevel, .warning)  // not every reconnect attempt
        let background = quieter
        let executor = StoreThreadExecutor(name: "tasks-postgres")
        let pool = PostgresPool(configuration: configuration, logger: background, executor: executor, closeAfter: timeout)
        let connection = try address.connectionConfiguration()
        let calls = PostgresCallGuard(executor: executor, target: address.description, timeout: timeout, pool: pool) {
            try await PostgresConnection.connect(configuration: connection, id: 0, logger: background).close()
        }
        self.calls = calls
        claims = CallBatcher(width: 2) { batch in
            let statement = ClaimBatchStatement(batch)
            let rows = try await calls.call(batch.count == 1 ? "claiming a new task" : "claiming new tasks") { client in
                try await Self.retryingConflicts { try await Self.rows(client.execute(statement)) }
            }
            return statement.answers(rows.first ?? [])
        }
        try calls.wait("connecting") { _ in try await calls.probe() }
        try migrate()
        let signal = self.signal
        pool.keepListening { client in await Self.listen(client, signal: signal, calls: calls, logger: logger) }
    }

    // MARK: - Schema

    /// Creates the tables in a new database and migrates an older one, one starter at a time.
    private func migrate() throws {
        let target = address.description
        let logger = self.logger
        try calls.wait("creating the tables") { client in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresTaskSchema.migrationLock))", logger: logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS switchboard_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)
                    """, logger: logger)
                let found = try await connection.query("SELECT version FROM switchboard_schema WHERE component = 'tasks'",
                                                       logger: logger).collect().first?.decode(Int.self) ?? 0
                guard found <= PostgresTaskSchema.version else {
                    throw TaskDatabaseError(message: "tasks store \(target) has schema version \(found), newer than this "
                                            + "switchboard's (\(PostgresTaskSchema.version)); use a newer switchboard or another database")
                }
                guard found < PostgresTaskSchema.version else { return }
                for statement in PostgresTaskSchema.create {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("""
                    INSERT INTO switchboard_schema (component, version) VALUES ('tasks', \(PostgresTaskSchema.version))
                    ON CONFLICT (component) DO UPDATE SET version = EXCLUDED.version
                    """, logger: logger)
            }
        }
    }

    // MARK: - Notifications

    /// Listens on one of `client`'s connections for the ids of tasks with new events, until
    /// cancelled (when the pool is replaced); after a lost connection, has `calls` check that the
    /// server can be reached, listens again, and wakes every follower (notifications may be lost).
    private static func listen(_ client: PostgresClient, signal: PostgresEventSignal, calls: PostgresCallGuard,
                               logger: Logger) async {
        while !Task.isCancelled {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: PostgresTaskSchema.channel) { notifications in
                        signal.notifyAll()
                        for try await notification in notifications {
                            for id in notification.payload.split(separator: "\n") { signal.notify(String(id)) }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.debug("task notifications: listening again", metadata: ["error": "\(PostgresCallGuard.describe(error))"])
                calls.suspect()
            }
            signal.notifyAll()
            try? await Task.sleep(for: .milliseconds(250))
        }
    }

    // MARK: - Reads

    public func loadRecent(limit: Int) throws -> [TaskEntry] {
        let rows = try calls.wait("reading recent tasks") { client in
            try await client.query("""
                SELECT t.id, t.json, t.created_us, t.updated_us,
                    ARRAY(SELECT m.message_id FROM a2a_task_messages AS m WHERE m.task_id = t.id)
                FROM a2a_tasks AS t ORDER BY t.created_us DESC LIMIT \(limit)
                """).collect().map { try $0.decode((String, String, Int64, Int64, [String]).self) }
        }
        return rows.compactMap { row in
            entry(id: row.0, json: row.1, created: row.2, updated: row.3).map { entry in
                var entry = entry
                entry.messageIds = row.4
                return entry
            }
        }
    }

    nonisolated(nonsending) public func load(id: String) async throws -> TaskEntry? {
        try await tasks("reading a task", "SELECT id, json, created_us, updated_us FROM a2a_tasks WHERE id = \(id)").first
    }

    nonisolated(nonsending) public func changed(since micros: Int64) async throws -> [TaskEntry] {
        try await tasks("reading changed tasks", """
            SELECT id, json, created_us, updated_us FROM a2a_tasks WHERE updated_us >= \(micros)
            ORDER BY updated_us DESC LIMIT 10000
            """)
    }

    /// The tasks of a query whose columns are id, json, created_us and updated_us; rows whose JSON
    /// does not decode are skipped and logged.
    nonisolated(nonsending) private func tasks(_ what: String, _ query: PostgresQuery) async throws -> [TaskEntry] {
        let rows = try await calls.call(what) { client in
            try await client.query(query).collect().map { try $0.decode((String, String, Int64, Int64).self) }
        }
        return rows.compactMap { entry(id: $0.0, json: $0.1, created: $0.2, updated: $0.3) }
    }

    private func entry(id: String, json: String, created: Int64, updated: Int64) -> TaskEntry? {
        guard let task = try? A2AJSON.decode(A2ATask.self, from: json) else {
            logger.warning("tasks store \(address.description): stored task \(id) does not decode and was skipped")
            return nil
        }
        return TaskEntry(stored: task, createdMicros: created, updatedMicros: updated)
    }

    nonisolated(nonsending) public func taskId(forMessageId messageId: String) async throws -> String? {
        return try await calls.call("reading a message's task") { client in
            try await client.query("SELECT task_id FROM a2a_task_messages WHERE message_id = \(messageId)")
                .collect().first?.decode(String.self)
        }
    }

    nonisolated(nonsending) public func claim(id: String) async throws -> TaskClaim? {
        return try await calls.call("reading a task's claim") { client in
            try await client.query("""
                SELECT owner, lease_until_us, cancel_requested, finished_us, orphaned FROM a2a_task_claims WHERE task_id = \(id)
                """).collect().first.map { row in
                let (owner, lease, cancel, finished, orphaned) = try row.decode((String, Int64, Bool, Int64?, Bool).self)
                return TaskClaim(owner: owner, leaseUntilMicros: lease, cancelRequested: cancel, finishedMicros: finished,
                                 orphaned: orphaned)
            }
        }
    }

    nonisolated(nonsending) public func cancelRequests(owner: String) async throws -> [String] {
        return try await calls.call("reading cancel requests") { client in
            try await client.query("""
                SELECT task_id FROM a2a_task_claims WHERE owner = \(owner) AND cancel_requested AND finished_us IS NULL
                """).collect().map { try $0.decode(String.self) }
        }
    }

    nonisolated(nonsending) public func events(id: String, after seq: Int) async throws -> [(seq: Int, event: StreamResponse)] {
        let batches = try await calls.call("reading a task's events") { client in
            try await client.query("""
                SELECT json FROM a2a_task_event_batches WHERE task_id = \(id) AND last_seq > \(seq) ORDER BY last_seq
                """).collect().map { try $0.decode(String.self) }
        }
        var events: [(seq: Int, event: StreamResponse)] = []
        for json in batches {
            guard let batch = try? A2AJSON.decode([NumberedEvent].self, from: json) else {
                logger.warning("tasks store \(address.description): stored events of task \(id) do not decode and were skipped")
                continue
            }
            events += batch.lazy.filter { $0.seq > seq }.map { ($0.seq, $0.event) }
        }
        return events
    }

    // MARK: - Writes

    nonisolated(nonsending) public func save(_ entry: TaskEntry) async throws {
        let (task, json) = (entry.task, try A2AJSON.encodeString(entry.task))
        let (created, updated, messageIds) = (entry.createdMicros, entry.updatedMicros, entry.messageIds)
        try await run("writing a task", """
            SELECT a2a_save(\(task.id), \(task.contextId), \(created), \(updated), \(json), \(messageIds))
            """)
    }

    nonisolated(nonsending) public func claimNew(_ entry: TaskEntry, messageId: String, unlessTask: String?, owner: String,
                                                 leaseUntil: Int64) async throws -> String? {
        try await claims.submit(try ClaimBatchStatement.Claim(entry, messageId: messageId, unlessTask: unlessTask, owner: owner,
                                                          leaseUntil: leaseUntil))
    }

    nonisolated(nonsending) public func takeOver(_ entry: TaskEntry, owner: String, now: Int64, leaseUntil: Int64) async throws -> Bool {
        try await reclaim(entry, owner: owner, now: now, leaseUntil: leaseUntil, followUp: nil)
    }

    nonisolated(nonsending) public func claimFollowUp(_ entry: TaskEntry, messageId: String, owner: String,
                                                      leaseUntil: Int64) async throws -> Bool {
        try await reclaim(entry, owner: owner, now: 0, leaseUntil: leaseUntil, followUp: messageId)
    }

    /// A takeover (no `followUp`) or the claim of a follow-up message's turn.
    nonisolated(nonsending) private func reclaim(_ entry: TaskEntry, owner: String, now: Int64, leaseUntil: Int64,
                                                 followUp: String?) async throws -> Bool {
        let (id, json) = (entry.task.id, try A2AJSON.encodeString(entry.task))
        let (event, updated) = (try NumberedEvent.batch([(0, StreamResponse.task(entry.task))]), entry.updatedMicros)
        return try await answer(followUp == nil ? "taking over a task" : "claiming a follow-up", """
            SELECT a2a_reclaim(\(id), \(owner), \(leaseUntil), \(now), \(followUp), \(json), \(updated), \(event))
            """)
    }

    nonisolated(nonsending) public func settleAbandoned(_ entry: TaskEntry, now: Int64) async throws -> Bool {
        let (id, json, updated) = (entry.task.id, try A2AJSON.encodeString(entry.task), entry.updatedMicros)
        return try await answer("settling an abandoned task", "SELECT a2a_settle_abandoned(\(id), \(now), \(json), \(updated))")
    }

    nonisolated(nonsending) public func renewLeases(owner: String, until: Int64) async throws {
        try await run("renewing leases", """
            UPDATE a2a_task_claims SET lease_until_us = \(until) WHERE owner = \(owner) AND finished_us IS NULL
            """)
    }

    nonisolated(nonsending) public func requestCancel(id: String) async throws {
        try await run("requesting a cancel", """
            UPDATE a2a_task_claims SET cancel_requested = TRUE WHERE task_id = \(id) AND finished_us IS NULL
            """)
    }

    nonisolated(nonsending) public func appendEvents(id: String, owner: String, _ events: [(seq: Int, event: StreamResponse)],
                                                     task: TaskEntry?, settledAt: Int64?) async throws {
        try await appendEvents(owner: owner, [SharedTaskWrite(id: id, events: events, task: task, settledAt: settledAt)],
                               removingEventsBefore: nil)
    }

    nonisolated(nonsending) public func appendEvents(owner: String, _ writes: [SharedTaskWrite],
                                                     removingEventsBefore: Int64?) async throws {
        var cleaning: (from: Int64, before: Int64)?
        if let before = removingEventsBefore {
            // From where the last cleanup ended (at most ten minutes back: older tasks were
            // cleaned by then, by this replica or another).
            let from = cleanedUntil.withLock { cleaned in
                defer { cleaned = before }
                return max(cleaned, before - 600_000_000)
            }
            cleaning = (from, before)
        }
        let statement = try WriteBatchStatement(owner: owner, writes, cleaning: cleaning)
        let what = writes.count == 1 ? "writing task events" : "writing the events of \(writes.count) tasks"
        try await calls.call(what) { client in
            try await Self.retryingConflicts { _ = try await Self.rows(client.execute(statement)) }
        }
    }

    nonisolated(nonsending) public func removeFinishedTasks(before micros: Int64) async throws -> Int {
        // Up to 10,000 a call (a replica calls again within a minute). The claims go before the
        // tasks, as on SQLite; one statement, so one snapshot chooses the tasks for every table.
        try await calls.call("removing finished tasks") { client in
            try await client.query("""
                WITH doomed AS (
                    SELECT t.id FROM a2a_tasks AS t LEFT JOIN a2a_task_claims AS c ON c.task_id = t.id
                    WHERE t.updated_us < \(micros) AND (c.task_id IS NULL OR c.finished_us < \(micros)) LIMIT 10000),
                messages AS (DELETE FROM a2a_task_messages WHERE task_id IN (SELECT id FROM doomed)),
                events AS (DELETE FROM a2a_task_event_batches WHERE task_id IN (SELECT id FROM doomed)),
                claims AS (DELETE FROM a2a_task_claims WHERE task_id IN (SELECT id FROM doomed))
                DELETE FROM a2a_tasks WHERE id IN (SELECT id FROM doomed) RETURNING id
                """).collect().count
        }
    }

    /// Runs a statement whose result is not needed.
    nonisolated(nonsending) private func run(_ what: String, _ query: PostgresQuery) async throws {
        try await calls.call(what) { client in try await Self.retryingConflicts { _ = try await client.query(query).collect() } }
    }

    /// Runs a statement that answers one boolean.
    nonisolated(nonsending) private func answer(_ what: String, _ query: PostgresQuery) async throws -> Bool {
        return try await calls.call(what) { client in try await client.query(query).collect().first?.decode(Bool.self) ?? false }
    }

    /// The rows of a prepared statement's answer.
    static func rows<Rows: AsyncSequence>(_ sequence: Rows) async throws -> [Rows.Element] {
        var rows: [Rows.Element] = []
        for try await row in sequence { rows.append(row) }
        return rows
    }

    /// Runs `body` again (up to three times) when it met another transaction (a deadlock the
    /// server broke, say): the write is then made as if alone.
    static func retryingConflicts<T>(_ body: () async throws -> T) async throws -> T {
        var attempts = 0
        while true {
            do {
                return try await body()
            } catch where PostgresCallGuard.isConflict(error) && attempts < 3 {
                attempts += 1
            }
        }
    }
}
