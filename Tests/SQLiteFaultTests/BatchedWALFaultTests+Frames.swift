import AgentTesting
import CSQLiteFaultVFS
import SQLiteSupport
import Testing

/// Commit frames are found by their offsets, however the header and page of a frame are split
/// into write calls. The fault VFS counts the writes that get through the buffer.
extension BatchedWALFaultTests {
    @Test func aCommitFrameIsWrittenWhenItsLastByteArrivesHoweverTheCallsAreSplit() throws {
        let path = TestDirectory.make("sb-frames").appendingPathComponent("history.db").path
        let connection = try FaultVFS.open(path, synchronous: .normal)
        try connection.execute("CREATE TABLE workflows(id TEXT PRIMARY KEY, state BLOB NOT NULL)")
        _ = try connection.transaction { try connection.run("INSERT INTO workflows VALUES('workflow-1', x'01')") }
        let layout = try WALLayout(connection)
        // Frames past the end of the log, which SQLite's next commit writes over.
        var frame = 0
        func write(_ bytes: [UInt8], at offset: Int) {
            #expect(FaultVFS.writeWAL(connection, bytes, at: offset) == 0)
        }
        func nextFrame() -> Int {
            defer { frame += 1 }
            return layout.offset(ofFrame: frame)
        }

        // Header and page of a commit frame in one call: written at once.
        FaultVFS.disarm()
        write(layout.frame(commit: true), at: nextFrame())
        #expect(FaultVFS.writes == 1, "coalesced commit frame")

        // A coalesced frame waits for the coalesced commit frame after it: one write for both.
        FaultVFS.disarm()
        write(layout.frame(commit: false), at: nextFrame())
        #expect(FaultVFS.writes == 0, "coalesced frame before the commit")
        write(layout.frame(commit: true), at: nextFrame())
        #expect(FaultVFS.writes == 1, "coalesced frames of one commit")

        // Header, then the page in two calls: written with the page's last byte.
        FaultVFS.disarm()
        let split = layout.frame(commit: true)
        let start = nextFrame()
        write(Array(split[..<24]), at: start)
        write(Array(split[24..<(24 + layout.pageSize / 2)]), at: start + 24)
        #expect(FaultVFS.writes == 0, "split commit frame, page not complete")
        write(Array(split[(24 + layout.pageSize / 2)...]), at: start + 24 + layout.pageSize / 2)
        #expect(FaultVFS.writes == 1, "split commit frame")

        // A frame, and the next frame's commit header, in one call; then the page.
        FaultVFS.disarm()
        let joined = layout.frame(commit: false) + Array(layout.frame(commit: true)[..<24])
        let joinedStart = nextFrame()
        _ = nextFrame()
        write(joined, at: joinedStart)
        #expect(FaultVFS.writes == 0, "frame and commit header joined")
        write(Array(repeating: 0, count: layout.pageSize), at: joinedStart + joined.count)
        #expect(FaultVFS.writes == 1, "frame and commit header joined, then the page")

        // 24 bytes whose bytes 4..7 are not zero, inside a page, do not mark a commit.
        FaultVFS.disarm()
        let pageStart = nextFrame()
        write(layout.frame(commit: false).prefix(24).map { $0 }, at: pageStart)
        write([0, 0, 0, 0, 0, 0, 0, 9] + Array(repeating: 0, count: 16), at: pageStart + 24)
        write(Array(repeating: 0, count: layout.pageSize - 24), at: pageStart + 48)
        #expect(FaultVFS.writes == 0, "a page's bytes that look like a commit header")

        // SQLite's own commits go on over these bytes, and the file checks out.
        for index in 2...20 {
            _ = try connection.transaction {
                try connection.run("INSERT INTO workflows VALUES(?1, ?2)",
                                   [.text("workflow-\(index)"), .blob(Array(repeating: 1, count: 500 * index))])
            }
        }
        let plain = try SQLiteConnection(path: path, batchedWAL: false)
        #expect(try plain.query("SELECT COUNT(*) FROM workflows").first?.int(0) == 20)
        #expect(try plain.query("PRAGMA integrity_check").first?.string(0) == "ok")
    }
}
