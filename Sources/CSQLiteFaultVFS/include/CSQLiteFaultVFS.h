#ifndef SWITCHBOARD_FAULT_VFS_H
#define SWITCHBOARD_FAULT_VFS_H

// For tests only: a VFS over SQLite's default one that counts writes and syncs and fails a
// chosen one, like a full disk (SQLITE_FULL) or a failing device (SQLITE_IOERR_*).

struct sqlite3;

/// The name of the VFS that `fault_vfs_register` adds.
#define FAULT_VFS_NAME "switchboard-fault"

/// Which call `fault_vfs_arm` fails.
typedef enum {
    FAULT_NOTHING = 0,
    FAULT_WRITE = 1,
    FAULT_SYNC = 2,
} FaultOperation;

/// What the failing call reports.
typedef enum {
    /// SQLITE_FULL, what the unix VFS reports for ENOSPC.
    FAULT_DISK_FULL = 0,
    /// SQLITE_IOERR_WRITE or SQLITE_IOERR_FSYNC, what it reports for EIO.
    FAULT_IO_ERROR = 1,
} FaultKind;

/// Registers the VFS (once). Returns an SQLite result code.
int fault_vfs_register(void);

/// Restarts the counts at zero and fails the `nth` (from 1) `operation` on any file opened
/// through the VFS, once; later calls succeed. FAULT_NOTHING only counts.
void fault_vfs_arm(FaultOperation operation, int nth, FaultKind kind);

/// Writes, syncs and injected failures since the last `fault_vfs_arm`.
int fault_vfs_writes(void);
int fault_vfs_syncs(void);
int fault_vfs_failures(void);

/// Calls `xWrite` of the connection's open WAL file (the top of its VFS stack), as SQLite
/// would. Returns its result, or SQLITE_ERROR when the connection has no WAL open.
int fault_vfs_write_wal(struct sqlite3 *db, const void *data, int amount, long long offset);

/// Calls `xRead` of the connection's open WAL file, as SQLite would. Returns its result, or
/// SQLITE_ERROR when the connection has no WAL open.
int fault_vfs_read_wal(struct sqlite3 *db, void *data, int amount, long long offset);

/// Calls `xShmBarrier` of the connection's database file, as SQLite does when it publishes a
/// commit. Returns SQLITE_ERROR when the file has no shared-memory methods, else SQLITE_OK.
int fault_vfs_shm_barrier(struct sqlite3 *db);

#endif
