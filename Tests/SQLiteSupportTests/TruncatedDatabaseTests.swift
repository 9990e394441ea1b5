import AgentTesting
import Foundation
import SQLiteSupport
import Testing

/// A database file that lost its contents must be an error, never a fresh start over it.
@Suite struct TruncatedDatabaseTests {
    @Test(arguments: [[UInt8(0x53)], Array("SQLite form".utf8), Array(repeating: UInt8(0x41), count: 300)])
    func aFileWithoutSQLitesHeaderIsRefusedAndLeftAlone(contents: [UInt8]) throws {
        let path = TestDirectory.make("sb-truncated").appendingPathComponent("history.db").path
        try Data(contents).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SQLiteError.self) { try SQLiteConnection(path: path) }
        #expect(error.map { $0.code & 0xff } == 26)   // SQLITE_NOTADB
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("not a SQLite database") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contents))
    }

    @Test func anEmptyFileAndAMissingOneAreNewDatabases() throws {
        let directory = TestDirectory.make("sb-truncated")
        let empty = directory.appendingPathComponent("empty.db").path
        _ = FileManager.default.createFile(atPath: empty, contents: nil)
        _ = try SQLiteConnection(path: empty)
        _ = try SQLiteConnection(path: directory.appendingPathComponent("new.db").path)
        let reopened = try SQLiteConnection(path: empty)
        try reopened.execute("CREATE TABLE t (x)")
        _ = try SQLiteConnection(path: empty)
    }
}
