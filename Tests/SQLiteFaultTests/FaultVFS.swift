import CSQLiteFaultVFS
import SQLiteSupport

/// The fault VFS's one global plan, for the tests of one serialized suite.
enum FaultVFS {
    /// Connections opened by `open` have the batched-WAL VFS over the fault VFS.
    static func open(_ path: String, synchronous: SQLiteConnection.Synchronous = .full) throws -> SQLiteConnection {
        let registered = fault_vfs_register()
        precondition(registered == 0, "fault VFS registration failed: \(registered)")
        return try SQLiteConnection(path: path, synchronous: synchronous, batchedWAL: true, over: FAULT_VFS_NAME)
    }

    /// Counts from zero and fails the `nth` (from 1) `operation` with `fault`.
    static func arm(_ operation: FaultOperation, _ nth: Int, _ fault: InjectedFault) {
        fault_vfs_arm(operation, Int32(nth), fault.kind)
    }

    /// Counts from zero and fails nothing.
    static func disarm() { fault_vfs_arm(FAULT_NOTHING, 0, FAULT_DISK_FULL) }

    static var writes: Int { Int(fault_vfs_writes()) }
    static var syncs: Int { Int(fault_vfs_syncs()) }
    static var failures: Int { Int(fault_vfs_failures()) }

    /// Calls the connection's WAL file's `xWrite` as SQLite would; returns its result code.
    static func writeWAL(_ connection: SQLiteConnection, _ bytes: [UInt8], at offset: Int) -> Int32 {
        connection.withHandle { handle in
            bytes.withUnsafeBytes { fault_vfs_write_wal(handle, $0.baseAddress, Int32($0.count), Int64(offset)) }
        }
    }

    /// Calls the connection's WAL file's `xRead` for `count` bytes at `offset`; returns its result code.
    static func readWAL(_ connection: SQLiteConnection, count: Int, at offset: Int) -> Int32 {
        var bytes = [UInt8](repeating: 0, count: count)
        return connection.withHandle { handle in
            bytes.withUnsafeMutableBytes { fault_vfs_read_wal(handle, $0.baseAddress, Int32($0.count), Int64(offset)) }
        }
    }

    /// Calls the connection's database file's `xShmBarrier` as SQLite does to publish a commit.
    static func sharedMemoryBarrier(_ connection: SQLiteConnection) -> Int32 {
        connection.withHandle { fault_vfs_shm_barrier($0) }
    }
}
