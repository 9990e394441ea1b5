import AgentTesting
import Foundation
import SQLiteSupport
import Testing

/// The batched-WAL VFS changes how frames are written, never what the file holds or when a
/// commit becomes visible. Each test checks through SQLite's own VFS (`batchedWAL: false`).
@Suite struct BatchedWALTests {
    private func writer(_ synchronous: SQLiteConnection.Synchronous = .normal) throws -> SQLiteConnection {
        let directory = TestDirectory.make("sb-wal")
        let connection = try SQLiteConnection(path: directory.appendingPathComponent("test.db").path,
                                              synchronous: synchronous, batchedWAL: true)
        try connection.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        return connection
    }

    /// Row sizes from a few bytes to transactions far larger than the 64 KiB write buffer.
    private func body(_ index: Int) -> [UInt8] {
        let size = index % 50 == 0 ? 300_000 : 10 + (index * 997) % 6000
        return Array(repeating: UInt8(truncatingIfNeeded: index), count: size)
    }

    private func totals(_ connection: SQLiteConnection) throws -> (count: Int, bytes: Int) {
        let row = try connection.query("SELECT COUNT(*), COALESCE(SUM(LENGTH(body)), 0) FROM items").first
        return (row?.int(0) ?? -1, row?.int(1) ?? -1)
    }

    /// A copy of the files taken while the writer is open, with no shared memory, is what a
    /// crash leaves: SQLite rebuilds its WAL index from the frames' bytes and checksums.
    @Test(arguments: [SQLiteConnection.Synchronous.normal, .full])
    func recoveryFromTheFramesOnDiskFindsEveryCommit(_ synchronous: SQLiteConnection.Synchronous) throws {
        let connection = try writer(synchronous)
        connection.onWALCommit { _ in false }   // keep every frame in the WAL
        var expectedBytes = 0
        for index in 1...400 {
            let bytes = body(index)
            _ = try connection.transaction { try connection.run("INSERT INTO items(body) VALUES(?1)", [.blob(bytes)]) }
            expectedBytes += bytes.count
            if index % 97 == 0 {   // a transaction that writes, then rolls back
                #expect(throws: SQLiteError.self) {
                    try connection.transaction {
                        _ = try connection.run("INSERT INTO items(body) VALUES(?1)", [.blob(Array(repeating: 1, count: 200_000))])
                        _ = try connection.run("INSERT INTO missing_table VALUES(1)")
                    }
                }
            }
        }
        let crashed = connection.path + "-copy"
        try FileManager.default.copyItem(atPath: connection.path, toPath: crashed)
        try FileManager.default.copyItem(atPath: connection.path + "-wal", toPath: crashed + "-wal")
        let recovered = try SQLiteConnection(path: crashed, batchedWAL: false)
        #expect(try recovered.query("PRAGMA integrity_check").first?.string(0) == "ok")
        let found = try totals(recovered)
        #expect(found.count == 400)
        #expect(found.bytes == expectedBytes)
    }

    /// Another connection sees each commit as soon as it returns, through checkpoints and WAL
    /// restarts, and never a frame of a commit still being written.
    @Test func anotherConnectionSeesEachCommitAtOnce() throws {
        let connection = try writer()
        let reader = try SQLiteConnection(path: connection.path, batchedWAL: false)
        var expectedBytes = 0
        for index in 1...1500 {
            let bytes = body(index)
            _ = try connection.transaction { try connection.run("INSERT INTO items(body) VALUES(?1)", [.blob(bytes)]) }
            expectedBytes += bytes.count
            if index % 10 == 0 {
                let seen = try totals(reader)
                #expect(seen.count == index && seen.bytes == expectedBytes, "after commit \(index)")
                if seen.count != index { return }
            }
        }
        #expect(try reader.query("PRAGMA integrity_check").first?.string(0) == "ok")
    }

    /// The batched VFS runs on the releases it was written for, 3.32.0 up to (not including) 3.51.0.
    @Test func theVersionGuardCoversTheReleasesItWasWrittenFor() throws {
        for version in [3_032_000, 3_040_001, 3_050_999] {
            #expect(SQLiteConnection.batchedWALSupports(libraryVersion: version), "\(version)")
        }
        for version in [3_031_001, 3_051_000, 4_000_000] {
            #expect(!SQLiteConnection.batchedWALSupports(libraryVersion: version), "\(version)")
        }
        let linked = try writer()
        #expect(linked.batchesWAL == SQLiteConnection.batchedWALSupports(libraryVersion: SQLiteConnection.libraryVersion))
        #expect(try !SQLiteConnection(path: linked.path, batchedWAL: false).batchesWAL)
    }

    /// Outside that range a connection asked to batch uses SQLite's own VFS, and works.
    @Test(arguments: [3_031_000, 3_051_000])
    func outsideTheVersionRangeAConnectionFallsBackToTheDefaultVFS(_ version: Int) throws {
        let path = TestDirectory.make("sb-wal").appendingPathComponent("test.db").path
        let connection = try SQLiteConnection(path: path, batchedWAL: true, over: nil, libraryVersion: version)
        #expect(!connection.batchesWAL)
        try connection.execute("CREATE TABLE items(id INTEGER PRIMARY KEY, body BLOB NOT NULL)")
        for index in 1...20 {
            _ = try connection.transaction { try connection.run("INSERT INTO items(body) VALUES(?1)", [.blob(body(index))]) }
        }
        let reader = try SQLiteConnection(path: path, batchedWAL: true)
        #expect(try totals(reader).count == 20)
        #expect(try reader.query("PRAGMA integrity_check").first?.string(0) == "ok")
    }
}
