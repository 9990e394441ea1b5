import A2AProtocol
import CSQLite
import Foundation

/// Persists tasks in SQLite so GetTask survives a restart. Used only from the `TaskManager`
/// actor (one connection, serialised by the actor).
final class TaskDatabase {
    private var db: OpaquePointer?
    private let path: String

    /// Opens (creating when needed) the database at `path`.
    /// - Throws: `TaskDatabaseError` naming the file and SQLite's message.
    init(path: String) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db)
            db = nil
            throw TaskDatabaseError(message: "cannot open tasks database \(path): \(message)")
        }
        sqlite3_busy_timeout(db, 5000)
        try execute("PRAGMA journal_mode=WAL")
        try execute("PRAGMA synchronous=NORMAL")
        try execute("""
            CREATE TABLE IF NOT EXISTS a2a_tasks (
                id TEXT PRIMARY KEY,
                context_id TEXT NOT NULL,
                created_us INTEGER NOT NULL,
                updated_us INTEGER NOT NULL,
                json TEXT NOT NULL)
            """)
        try execute("""
            CREATE TABLE IF NOT EXISTS a2a_task_messages (
                message_id TEXT PRIMARY KEY,
                task_id TEXT NOT NULL)
            """)
    }

    deinit {
        sqlite3_close(db)
    }

    /// Writes (inserts or replaces) one task with its message ids.
    func save(_ entry: TaskEntry) throws {
        let json = try A2AJSON.encodeString(entry.task)
        try execute("BEGIN IMMEDIATE")
        do {
            try run(
                "INSERT OR REPLACE INTO a2a_tasks (id, context_id, created_us, updated_us, json) VALUES (?, ?, ?, ?, ?)",
                [.text(entry.task.id), .text(entry.task.contextId), .int(entry.createdMicros),
                 .int(Int64((entry.updatedAt.timeIntervalSince1970 * 1_000_000).rounded())), .text(json)])
            for messageId in entry.messageIds {
                try run("INSERT OR IGNORE INTO a2a_task_messages (message_id, task_id) VALUES (?, ?)",
                        [.text(messageId), .text(entry.task.id)])
            }
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The most recently created tasks, newest first, at most `limit`.
    func loadRecent(limit: Int) throws -> [TaskEntry] {
        var entries: [TaskEntry] = []
        try query("SELECT id, json, created_us, updated_us FROM a2a_tasks ORDER BY created_us DESC LIMIT ?",
                  [.int(Int64(limit))]) { statement in
            if let entry = try Self.entry(from: statement) { entries.append(entry) }
        }
        for index in entries.indices {
            try query("SELECT message_id FROM a2a_task_messages WHERE task_id = ?", [.text(entries[index].task.id)]) {
                entries[index].messageIds.append(String(cString: sqlite3_column_text($0, 0)))
            }
        }
        return entries
    }

    /// One task by id.
    func load(id: String) throws -> TaskEntry? {
        var found: TaskEntry?
        try query("SELECT id, json, created_us, updated_us FROM a2a_tasks WHERE id = ?", [.text(id)]) {
            found = try Self.entry(from: $0)
        }
        return found
    }

    /// The task a message id created, if any.
    func taskId(forMessageId messageId: String) throws -> String? {
        var found: String?
        try query("SELECT task_id FROM a2a_task_messages WHERE message_id = ?", [.text(messageId)]) {
            found = String(cString: sqlite3_column_text($0, 0))
        }
        return found
    }

    private static func entry(from statement: OpaquePointer) throws -> TaskEntry? {
        let json = String(cString: sqlite3_column_text(statement, 1))
        guard let task = try? A2AJSON.decode(A2ATask.self, from: json) else { return nil }
        let created = Date(timeIntervalSince1970: Double(sqlite3_column_int64(statement, 2)) / 1_000_000)
        let updated = Date(timeIntervalSince1970: Double(sqlite3_column_int64(statement, 3)) / 1_000_000)
        return TaskEntry(task: task, messageIds: [], createdAt: created, updatedAt: updated, events: [], reply: nil)
    }

    // MARK: - SQLite plumbing

    private enum Value {
        case text(String)
        case int(Int64)
    }

    private func execute(_ sql: String) throws {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(error)
            throw TaskDatabaseError(message: "tasks database \(path): \(message)")
        }
    }

    private func run(_ sql: String, _ values: [Value]) throws {
        try query(sql, values) { _ in }
    }

    private func query(_ sql: String, _ values: [Value], row: (OpaquePointer) throws -> Void) throws {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw TaskDatabaseError(message: "tasks database \(path): \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        for (index, value) in values.enumerated() {
            switch value {
            case .text(let text): sqlite3_bind_text(statement, Int32(index + 1), text, -1, transient)
            case .int(let number): sqlite3_bind_int64(statement, Int32(index + 1), number)
            }
        }
        while true {
            let code = sqlite3_step(statement)
            if code == SQLITE_ROW {
                try row(statement)
            } else if code == SQLITE_DONE {
                return
            } else {
                throw TaskDatabaseError(message: "tasks database \(path): \(String(cString: sqlite3_errmsg(db)))")
            }
        }
    }
}
