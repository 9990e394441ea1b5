import AgentTesting
import CSQLiteFaultVFS
import Foundation
import SQLiteSupport
import Testing

/// The batched-WAL VFS over a VFS that fails one chosen write or sync of a commit. Whatever
/// fails, the caller gets the error, no committed workflow is lost, the file checks out after
/// reopening, and the reopened file takes commits again. Serialized: the fault plan is global.
@Suite(.serialized) struct BatchedWALFaultTests {
    /// A history with three committed workflows, through the fault VFS (which is not armed).
    /// With `freshWAL` the WAL is checkpointed and truncated, so the next commit writes and
    /// syncs a new WAL header before its frames. The setup skips fsyncs where it can: the many
    /// histories of these tests would otherwise slow the other suites' disk writes.
    private func history(freshWAL: Bool, _ synchronous: SQLiteConnection.Synchronous = .full) throws
        -> (connection: SQLiteConnection, committed: [String])
    {
        let path = TestDirectory.make("sb-fault").appendingPathComponent("history.db").path
        let connection = try FaultVFS.open(path, synchronous: synchronous)
        #expect(connection.batchesWAL)
        try connection.execute("CREATE TABLE workflows(id TEXT PRIMARY KEY, state BLOB NOT NULL)")
        var committed: [String] = []
        for index in 1...3 {
            let id = "workflow-\(index)"
            _ = try connection.transaction(durable: false) {
                try connection.run("INSERT INTO workflows(id, state) VALUES(?1, ?2)",
                                   [.text(id), .blob(Array(repeating: UInt8(index), count: 3000 * index))])
            }
            committed.append(id)
        }
        if freshWAL { try connection.execute("PRAGMA wal_checkpoint(TRUNCATE)") }
        return (connection, committed)
    }

    /// The commit the faults hit: a workflow large enough (about 150 KB) for several writes of
    /// the 64 KiB buffer.
    private func commitWorkflow(_ id: String, to connection: SQLiteConnection, durable: Bool = true) throws {
        _ = try connection.transaction(durable: durable) {
            try connection.run("INSERT INTO workflows(id, state) VALUES(?1, ?2)",
                               [.text(id), .blob(Array(repeating: 7, count: 150_000))])
        }
    }

    private func workflowIDs(_ connection: SQLiteConnection) throws -> [String] {
        try connection.query("SELECT id FROM workflows ORDER BY id").compactMap { $0.string(0) }
    }

    /// The writes and syncs that reach the fault VFS during the commit.
    private func countCalls(freshWAL: Bool, _ synchronous: SQLiteConnection.Synchronous) throws -> (writes: Int, syncs: Int) {
        let (connection, _) = try history(freshWAL: freshWAL, synchronous)
        FaultVFS.disarm()
        try commitWorkflow("workflow-counted", to: connection)
        return (FaultVFS.writes, FaultVFS.syncs)
    }

    /// Fails the `nth` `operation` of the commit and checks what the failing connection does;
    /// returns the file and the workflows committed before, once the connection is closed.
    private func failCommit(_ operation: FaultOperation, _ nth: Int, _ fault: InjectedFault, freshWAL: Bool,
                            _ synchronous: SQLiteConnection.Synchronous, _ label: Comment) throws
        -> (path: String, committed: [String])
    {
        let (connection, committed) = try history(freshWAL: freshWAL, synchronous)
        FaultVFS.arm(operation, nth, fault)
        let error = #expect(throws: SQLiteError.self, label) { try commitWorkflow("workflow-failed", to: connection) }
        #expect(FaultVFS.failures == 1, label)
        FaultVFS.disarm()
        if let error {
            #expect(error.mustReopen, label)
            #expect(error.description.contains("the connection must be reopened"), label)
            let primary = error.code & 0xff
            #expect(primary == (fault == .diskFull ? 13 : 10), "\(label): code \(error.code)")   // SQLITE_FULL, SQLITE_IOERR
        }
        // The poisoned connection still reads what was committed, and writes nothing more.
        #expect(connection.mustBeReopened, label)
        #expect(try workflowIDs(connection) == committed, label)
        let refused = #expect(throws: SQLiteError.self, label) { try commitWorkflow("workflow-refused", to: connection) }
        #expect(refused?.mustReopen == true, label)
        #expect(FaultVFS.writes == 0, "\(label): the poisoned connection wrote")
        return (connection.path, committed)
    }

    /// After reopening: the file checks out, every committed workflow is there, and a new
    /// workflow commits. The failed one is not there, unless only a sync failed: then all its
    /// frames were written, and recovery may find its commit (as with SQLite's own VFS, an
    /// error from COMMIT leaves the outcome open).
    private func checkReopened(_ path: String, committed: [String], failedSyncOnly: Bool, _ label: Comment) throws {
        let reopened = try FaultVFS.open(path, synchronous: .normal)
        #expect(!reopened.mustBeReopened, label)
        #expect(try reopened.query("PRAGMA integrity_check").first?.string(0) == "ok", label)
        let found = try workflowIDs(reopened)
        let allowed = failedSyncOnly ? [committed, (committed + ["workflow-failed"]).sorted()] : [committed]
        #expect(allowed.contains(found), "\(label): found \(found)")
        try commitWorkflow("workflow-next", to: reopened, durable: false)
        let plain = try SQLiteConnection(path: path, batchedWAL: false)
        #expect(try workflowIDs(plain) == (found + ["workflow-next"]).sorted(), label)
        #expect(try plain.query("PRAGMA integrity_check").first?.string(0) == "ok", label)
    }

    /// With synchronous=NORMAL a commit has no sync of its own, so a failure left to a later
    /// flush (at the shared-memory barrier) would go unreported to the caller.
    @Test(arguments: InjectedFault.allCases, [false, true])
    func everyWriteAndSyncOfACommitCanFail(_ fault: InjectedFault, freshWAL: Bool) async throws {
        for synchronous in [SQLiteConnection.Synchronous.full, .normal] {
            try await failEveryCall(fault, freshWAL: freshWAL, synchronous)
        }
    }

    /// Async only to yield between scenarios: each blocks its thread on file I/O, and the
    /// threads are the few that Swift concurrency shares with other suites' timing-bound tests.
    private func failEveryCall(_ fault: InjectedFault, freshWAL: Bool, _ synchronous: SQLiteConnection.Synchronous)
        async throws
    {
        let calls = try countCalls(freshWAL: freshWAL, synchronous)
        // Several buffer-sized writes, and with synchronous=FULL at least the commit's sync.
        #expect(calls.writes >= 3)
        if synchronous == .full { #expect(calls.syncs >= (freshWAL ? 2 : 1)) }
        let plan = (1..<calls.writes + 1).map { (FAULT_WRITE, $0, "write", calls.writes) }
            + (1..<calls.syncs + 1).map { (FAULT_SYNC, $0, "sync", calls.syncs) }
        for (operation, nth, name, total) in plan {
            let label: Comment = "\(fault) on \(name) \(nth) of \(total), fresh WAL: \(freshWAL), \(synchronous)"
            await Task.yield()
            let failed = try failCommit(operation, nth, fault, freshWAL: freshWAL, synchronous, label)
            await Task.yield()
            try checkReopened(failed.path, committed: failed.committed, failedSyncOnly: operation == FAULT_SYNC, label)
        }
    }

    /// Bytes the WAL accepted and then failed to write cannot be read back, written over or
    /// synced; what was committed before still reads.
    @Test(arguments: InjectedFault.allCases)
    func aPoisonedWALRefusesWritesSyncsAndReadsOfLostBytes(_ fault: InjectedFault) throws {
        let (path, committed): (String, [String]) = try {
            let (connection, committed) = try history(freshWAL: false)
            let layout = try WALLayout(connection)
            let lost = layout.offset(ofFrame: 0)
            FaultVFS.disarm()
            #expect(FaultVFS.writeWAL(connection, layout.frame(commit: false), at: lost) == 0)
            #expect(FaultVFS.writes == 0)
            // A write elsewhere makes the buffer go first; that write fails.
            FaultVFS.arm(FAULT_WRITE, 1, fault)
            #expect(FaultVFS.writeWAL(connection, layout.frame(commit: false), at: layout.offset(ofFrame: 5)) != 0)
            #expect(FaultVFS.failures == 1)
            FaultVFS.disarm()
            #expect(connection.mustBeReopened)
            let ioErrorRead: Int32 = 10 | (1 << 8)    // SQLITE_IOERR_READ
            let ioErrorWrite: Int32 = 10 | (3 << 8)   // SQLITE_IOERR_WRITE
            #expect(FaultVFS.readWAL(connection, count: 24, at: lost) == ioErrorRead)
            #expect(FaultVFS.readWAL(connection, count: 24, at: lost + 24 + layout.pageSize - 24) == ioErrorRead)
            #expect(FaultVFS.readWAL(connection, count: 32, at: 0) == 0, "the header was written before")
            #expect(FaultVFS.writeWAL(connection, layout.frame(commit: true), at: lost) == ioErrorWrite)
            #expect(try workflowIDs(connection) == committed)
            let error = #expect(throws: SQLiteError.self) { try commitWorkflow("workflow-refused", to: connection) }
            #expect(error?.mustReopen == true)
            #expect(FaultVFS.writes == 0)
            return (connection.path, committed)
        }()
        try checkReopened(path, committed: committed, failedSyncOnly: false, "lost bytes, \(fault)")
    }

    /// The barrier cannot return an error: its failure shows at the connection's next statement.
    @Test(arguments: InjectedFault.allCases)
    func aFailedWriteAtTheSharedMemoryBarrierReachesTheNextStatement(_ fault: InjectedFault) throws {
        let (path, committed): (String, [String]) = try {
            let (connection, committed) = try history(freshWAL: false)
            let layout = try WALLayout(connection)
            // A frame SQLite has not published waits in the buffer, as spilled pages would.
            FaultVFS.disarm()
            #expect(FaultVFS.writeWAL(connection, layout.frame(commit: false), at: layout.offset(ofFrame: 0)) == 0)
            #expect(FaultVFS.writes == 0)
            FaultVFS.arm(FAULT_WRITE, 1, fault)
            #expect(FaultVFS.sharedMemoryBarrier(connection) == 0)
            #expect(FaultVFS.failures == 1)
            FaultVFS.disarm()
            #expect(connection.mustBeReopened)
            let error = #expect(throws: SQLiteError.self) { try workflowIDs(connection) }
            #expect(error?.mustReopen == true)
            #expect(throws: SQLiteError.self) { try commitWorkflow("workflow-refused", to: connection) }
            #expect(FaultVFS.writes == 0)
            return (connection.path, committed)
        }()
        try checkReopened(path, committed: committed, failedSyncOnly: false, "barrier, \(fault)")
    }
}
