import A2AProtocol
import AgentTesting
import Foundation
import SQLiteSupport
import Testing
@testable import AgentServer

/// The tasks file: one query reloads tasks with their message ids; a row that no longer
/// decodes is skipped and counted, never silently.
@Suite struct TaskDatabaseTests {
    let path = TestDirectory.make("sb-taskdb").appendingPathComponent("tasks.db").path

    func entry(_ id: String, messages: [String], createdAt: Double) -> TaskEntry {
        let task = A2ATask(id: id, contextId: "ctx-\(id)", status: TaskStatus(state: .completed))
        let date = Date(timeIntervalSince1970: createdAt)
        return TaskEntry(task: task, messageIds: messages, createdAt: date, updatedAt: date, events: [], reply: nil)
    }

    @Test func theSchemaVersionIsNamedAndANewerOneIsRefused() throws {
        _ = try TaskDatabase(path: path)
        let connection = try SQLiteConnection(path: path)
        #expect(try connection.query("PRAGMA user_version").first?.int(0) == TaskDatabase.schemaVersion)
        try connection.execute("PRAGMA user_version = \(TaskDatabase.schemaVersion + 1)")
        #expect {
            _ = try TaskDatabase(path: path)
        } throws: { error in
            "\(error)".contains("schema version \(TaskDatabase.schemaVersion + 1), newer than this switchboard's")
        }
    }

    @Test func recentTasksComeBackNewestFirstWithTheirMessageIds() throws {
        let database = try TaskDatabase(path: path)
        try database.save(entry("t1", messages: ["m1"], createdAt: 100))
        try database.save(entry("t2", messages: ["m2", "m3", "m4"], createdAt: 200))
        try database.save(entry("t3", messages: [], createdAt: 300))
        let reopened = try TaskDatabase(path: path)
        let loaded = try reopened.loadRecent(limit: 2)
        #expect(loaded.map(\.task.id) == ["t3", "t2"])
        #expect(loaded.map(\.messageIds) == [[], ["m2", "m3", "m4"]])
        #expect(try reopened.taskId(forMessageId: "m1") == "t1")
        #expect(try reopened.load(id: "t1")?.task.contextId == "ctx-t1")
    }

    @Test func aRowThatDoesNotDecodeIsCountedNotLostSilently() throws {
        let database = try TaskDatabase(path: path)
        try database.save(entry("good", messages: ["g1"], createdAt: 100))
        try database.save(entry("bad", messages: ["b1", "b2"], createdAt: 200))
        try SQLiteConnection(path: path, synchronous: .normal)
            .run("UPDATE a2a_tasks SET json = '{\"id\": 3}' WHERE id = 'bad'")
        let reopened = try TaskDatabase(path: path)
        let loaded = try reopened.loadRecent(limit: 10)
        #expect(loaded.map(\.task.id) == ["good"])
        #expect(loaded.first?.messageIds == ["g1"])
        #expect(reopened.undecodableRows == 1)
        #expect(try reopened.load(id: "bad") == nil)
        #expect(reopened.undecodableRows == 2)
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        try Data("not a database, just text".utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: TaskDatabaseError.self) { try TaskDatabase(path: path) }
        #expect(error?.description.contains(path) == true)
    }
}
