import AgentTesting
import Foundation
import SQLiteSupport
import Testing

/// The WAL is checkpointed by the checkpointer's thread once it crosses the threshold, and not
/// before; what it copies stays readable.
@Suite struct BackgroundCheckpointerTests {
    private func connection() throws -> SQLiteConnection {
        let directory = TestDirectory.make("sb-ckpt")
        let connection = try SQLiteConnection(path: directory.appendingPathComponent("test.db").path, synchronous: .normal)
        try connection.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        return connection
    }

    private func insert(_ count: Int, into connection: SQLiteConnection) throws {
        for _ in 0..<count {
            _ = try connection.transaction { try connection.run("INSERT INTO items(body) VALUES(?1)", [.blob(Array(repeating: 7, count: 4000))]) }
        }
    }

    @Test func checkpointsOnceTheWALCrossesTheThreshold() async throws {
        let writer = try connection()
        let checkpointer = try BackgroundCheckpointer(writer: writer, thresholdPages: 20)
        defer { checkpointer.stop() }
        try insert(5, into: writer)   // a few pages: under the threshold
        #expect(checkpointer.requestedPasses == 0)   // decided by the commits themselves
        try insert(100, into: writer)
        #expect(checkpointer.requestedPasses > 0)
        #expect(await eventually { checkpointer.checkpoints > 0 })
        // Copied frames are in the database file: a fresh connection sees every row. (Only one
        // connection may checkpoint at a time, so the checkpointer stops first.)
        checkpointer.stop()
        let check = try writer.checkpoint()
        #expect(check.walPages == check.checkpointedPages)
        let reader = try SQLiteConnection(path: writer.path, readOnly: true)
        #expect(try reader.query("SELECT COUNT(*) FROM items").first?.int(0) == 105)
    }

    /// Commits that keep coming while checkpoints run must not make the WAL grow without bound.
    @Test func theWALStaysBoundedUnderSteadyCommits() async throws {
        let writer = try connection()
        let checkpointer = try BackgroundCheckpointer(writer: writer, thresholdPages: 100)
        defer { checkpointer.stop() }
        // About 24 MB through the WAL, as fast as commits go: seconds of disk-bound work, on a
        // thread of its own rather than one of the cooperative pool's (one per core).
        try await onDedicatedThread { [self] in try insert(6000, into: writer) }
        let size = (try FileManager.default.attributesOfItem(atPath: writer.path + "-wal")[.size] as? Int) ?? 0
        #expect(checkpointer.checkpoints > 0)
        // The WAL holds one threshold plus what commits add during one background pass; it
        // would hold everything (24 MB) if it never started again.
        #expect(size < 12 * 1024 * 1024, "WAL file is \(size) bytes")
    }

    @Test func theWriterNoLongerCheckpointsByItself() throws {
        let writer = try connection()
        writer.onWALCommit { _ in false }   // what the checkpointer installs, without its thread
        try insert(600, into: writer)  // far past SQLite's own 1000-page default
        let state = try writer.checkpoint()
        #expect(state.walPages > 1000, "the WAL grew: no commit checkpointed it")
    }
}
