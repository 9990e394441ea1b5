import A2AProtocol
import Foundation
import Logging
import SQLiteSupport

/// Persists tasks in SQLite so GetTask survives a restart, and shares them between replicas on
/// one host (`--tasks-db`). Used only from the `TaskManager` actor, which serialises every call.
final class TaskDatabase: SharedTaskStore {
    let connection: SQLiteConnection
    private let path: String
    private let logger = Logger(label: "switchboard.tasks")
    /// Followers poll the file.
    var eventSignal: (any TaskEventSignal)? { nil }
    /// Rows skipped because their JSON no longer decodes as a task (a newer or damaged file).
    private(set) var undecodableRows = 0

    /// Opens (creating when needed) the database at `path`.
    /// - Throws: `TaskDatabaseError` naming the file and SQLite's message.
    init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        do {
            connection = try SQLiteConnection(path: path, synchronous: .normal)
            try connection.execute("""
                CREATE TABLE IF NOT EXISTS a2a_tasks (
                    id TEXT PRIMARY KEY,
                    context_id TEXT NOT NULL,
                    created_us INTEGER NOT NULL,
                    updated_us INTEGER NOT NULL,
                    json TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS a2a_task_messages (
                    message_id TEXT PRIMARY KEY,
                    task_id TEXT NOT NULL);
                \(Self.sharingSchema)
                """)
        } catch {
            throw TaskDatabaseError(message: "cannot open tasks database: \(error)")
        }
        try checkSchemaVersion()
    }

    /// The version of the file's tables this code writes (`PRAGMA user_version`): 1 has the
    /// replicas' claims and events. 0 is a file from before versions were named (the same tables
    /// less those, which creating them above added).
    static let schemaVersion = 1

    /// Names the schema version in a new or older file; refuses a file a newer switchboard wrote.
    private func checkSchemaVersion() throws {
        let found = try translatingErrors { try connection.query("PRAGMA user_version").first?.int(0) ?? 0 }
        guard found <= Self.schemaVersion else {
            throw TaskDatabaseError(message: "tasks database \(path) has schema version \(found), newer than this switchboard's "
                                    + "(\(Self.schemaVersion)); use a newer switchboard or another file")
        }
        if found < Self.schemaVersion {
            try translatingErrors { try connection.execute("PRAGMA user_version = \(Self.schemaVersion)") }
        }
    }

    /// Writes (inserts or replaces) one task with its message ids.
    func save(_ entry: TaskEntry) throws {
        let json = try A2AJSON.encodeString(entry.task)
        try translatingErrors {
            try connection.transaction {
                try connection.run(
                    "INSERT OR REPLACE INTO a2a_tasks (id, context_id, created_us, updated_us, json) VALUES (?1, ?2, ?3, ?4, ?5)",
                    [.text(entry.task.id), .text(entry.task.contextId), .integer(entry.createdMicros),
                     .integer(entry.updatedMicros), .text(json)])
                for messageId in entry.messageIds {
                    try connection.run("INSERT OR IGNORE INTO a2a_task_messages (message_id, task_id) VALUES (?1, ?2)",
                                       [.text(messageId), .text(entry.task.id)])
                }
            }
        }
    }

    /// The most recently created tasks, newest first, at most `limit`, with their message ids,
    /// in one query. Rows that do not decode are skipped, counted and logged.
    func loadRecent(limit: Int) throws -> [TaskEntry] {
        let rows = try translatingErrors {
            try connection.query("""
                SELECT t.id, t.json, t.created_us, t.updated_us, m.message_id
                FROM (SELECT * FROM a2a_tasks ORDER BY created_us DESC LIMIT ?1) AS t
                LEFT JOIN a2a_task_messages AS m ON m.task_id = t.id
                ORDER BY t.created_us DESC, t.id, m.rowid
                """, [.integer(Int64(limit))])
        }
        var entries: [TaskEntry] = []
        var skipped: [String] = []
        var lastId: String?
        for row in rows {
            let id = row.string(0) ?? ""
            if id != lastId {
                lastId = id
                if let entry = entry(from: row) {
                    entries.append(entry)
                } else {
                    skipped.append(id)
                    continue
                }
            } else if entries.last?.task.id != id {
                continue  // a further message row of a skipped task
            }
            if let messageId = row.string(4) { entries[entries.count - 1].messageIds.append(messageId) }
        }
        if !skipped.isEmpty { reportSkipped(skipped) }
        return entries
    }

    /// One task by id.
    func load(id: String) throws -> TaskEntry? {
        let rows = try translatingErrors {
            try connection.query("SELECT id, json, created_us, updated_us FROM a2a_tasks WHERE id = ?1", [.text(id)])
        }
        guard let row = rows.first else { return nil }
        guard let entry = entry(from: row) else {
            reportSkipped([id])
            return nil
        }
        return entry
    }

    /// The task a message id created, if any.
    func taskId(forMessageId messageId: String) throws -> String? {
        try translatingErrors {
            try connection.query("SELECT task_id FROM a2a_task_messages WHERE message_id = ?1", [.text(messageId)])
        }.first?.string(0)
    }

    func entry(from row: SQLiteRow) -> TaskEntry? {
        guard let json = row.string(1), let task = try? A2AJSON.decode(A2ATask.self, from: json),
              let created = row.int64(2), let updated = row.int64(3) else { return nil }
        return TaskEntry(task: task, messageIds: [],
                         createdAt: TaskEntry.date(micros: created), updatedAt: TaskEntry.date(micros: updated),
                         events: [], reply: TaskEntry.storedReply(of: task))
    }

    private func reportSkipped(_ ids: [String]) {
        undecodableRows += ids.count
        logger.warning("tasks database \(path): \(ids.count) stored task(s) do not decode and were skipped (\(undecodableRows) so far); first: \(ids[0])")
    }

    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SQLiteError {
            throw TaskDatabaseError(message: "tasks database \(error)")
        }
    }
}
