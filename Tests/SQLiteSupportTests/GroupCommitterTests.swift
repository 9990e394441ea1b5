import AgentTesting
import Foundation
import SQLiteSupport
import Testing

/// Many writers share commits; a writer whose work throws is rolled back alone.
@Suite("Group commit") struct GroupCommitterTests {
    private func connection() throws -> SQLiteConnection {
        let directory = TestDirectory.make("sb-sqlite")
        let connection = try SQLiteConnection(path: directory.appendingPathComponent("test.db").path)
        try connection.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
        return connection
    }

    private func names(_ connection: SQLiteConnection) throws -> Set<String> {
        Set(try connection.query("SELECT name FROM items").compactMap { $0.string(0) })
    }

    /// Runs writers 0..<count at once through `committer`; true for each whose work committed.
    private func writeConcurrently(_ count: Int, through committer: GroupCommitter,
                                   _ work: @escaping @Sendable (Int) throws -> Void) async -> [Int: Bool] {
        await withTaskGroup(of: (Int, Bool).self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        try await committer.write { try work(index) }
                        return (index, true)
                    } catch {
                        return (index, false)
                    }
                }
            }
            var outcomes: [Int: Bool] = [:]
            for await (index, ok) in group { outcomes[index] = ok }
            return outcomes
        }
    }

    @Test func concurrentWritersAreAllCommittedAndAFailingOneAlone() async throws {
        let connection = try connection()
        let committer = GroupCommitter(connection: connection)
        defer { committer.stop() }
        let outcomes = await writeConcurrently(200, through: committer) { index in
            try connection.run("INSERT INTO items(name) VALUES(?1)", [.text("item-\(index)")])
            // Every tenth writer breaks the UNIQUE constraint after its first insert.
            if index % 10 == 0 { try connection.run("INSERT INTO items(name) VALUES(?1)", [.text("item-\(index)")]) }
        }
        let stored = try names(connection)
        for index in 0..<200 {
            #expect(outcomes[index] == (index % 10 != 0))
            #expect(stored.contains("item-\(index)") == (index % 10 != 0), "writer \(index)")
        }
    }

    /// Writers that arrive while a commit is being written share the next transaction, each in
    /// its own savepoint: the failing ones roll back alone.
    @Test func writersQueuedBehindALeaderShareOneTransaction() async throws {
        let connection = try connection()
        let committer = GroupCommitter(connection: connection)
        defer { committer.stop() }
        let waiting = 50
        // The leader commits inline on its own thread, which it holds until every other writer
        // has queued: a thread of its own, not one of the cooperative pool's few.
        let leader = Task {
            try await onDedicatedThread {
                try committer.writeBlocking {
                    let deadline = Date().addingTimeInterval(10)
                    while committer.queuedCount < waiting, Date() < deadline { usleep(1000) }
                    try connection.run("INSERT INTO items(name) VALUES('leader')")
                }
            }
        }
        try #require(await eventually { committer.transactionCount == 1 }, "the leader never began its transaction")
        let outcomes = await writeConcurrently(waiting, through: committer) { index in
            try connection.run("INSERT INTO items(name) VALUES(?1)", [.text("queued-\(index)")])
            if index % 7 == 0 { try connection.run("INSERT INTO items(name) VALUES('leader')") }
        }
        try await leader.value
        #expect(committer.transactionCount == 2, "the leader's own transaction, then one for all queued writers")
        let stored = try names(connection)
        for index in 0..<waiting {
            #expect(outcomes[index] == (index % 7 != 0))
            #expect(stored.contains("queued-\(index)") == (index % 7 != 0), "writer \(index)")
        }
    }

    @Test func aBlockingWriterGetsItsOwnResultAndError() throws {
        let connection = try connection()
        let committer = GroupCommitter(connection: connection)
        defer { committer.stop() }
        let id = try committer.writeBlocking { () -> Int64 in
            try connection.run("INSERT INTO items(name) VALUES('one')")
            return connection.lastInsertRowID
        }
        #expect(id == 1)
        #expect(throws: SQLiteError.self) {
            try committer.writeBlocking { try connection.run("INSERT INTO items(name) VALUES('one')") }
        }
        #expect(try names(connection) == ["one"])
    }

    @Test func aLockedDatabaseFailsTheWriterWithTheLockError() async throws {
        let connection = try connection()
        let other = try SQLiteConnection(path: connection.path, busyTimeoutMilliseconds: 0)
        let blocked = try SQLiteConnection(path: connection.path, busyTimeoutMilliseconds: 50)
        try other.execute("BEGIN IMMEDIATE")
        let committer = GroupCommitter(connection: blocked)
        defer { committer.stop() }
        await #expect(throws: SQLiteError.self) {
            try await committer.write { try blocked.run("INSERT INTO items(name) VALUES('x')") }
        }
        try other.execute("ROLLBACK")
        #expect(try names(connection).isEmpty)
    }
}
