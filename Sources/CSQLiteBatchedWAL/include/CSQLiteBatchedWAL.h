#ifndef SWITCHBOARD_BATCHED_WAL_H
#define SWITCHBOARD_BATCHED_WAL_H

struct sqlite3;

/// The name of the VFS that `batched_wal_register` adds.
#define BATCHED_WAL_VFS_NAME "switchboard-batched-wal"

/// Registers (once; later calls find it registered) a VFS that wraps SQLite's default VFS and gathers the frames a transaction appends to a write-ahead log into one
/// write, made when the commit frame is complete. Everything else passes through unchanged.
/// Returns an SQLite result code: SQLITE_MISMATCH when the linked SQLite is outside the
/// versions this VFS was written for (see `batched_wal_supports_version`).
int batched_wal_register(void);

/// Like `batched_wal_register`, over the VFS named `underlyingName` (NULL: the default VFS),
/// so that the batched writes and syncs go through it. Sets `*name` to the new VFS's name, or
/// to NULL on failure. Registering over the same VFS again returns the same name.
int batched_wal_register_over(const char *underlyingName, const char **name);

/// 1 when `versionNumber` (a `sqlite3_libversion_number()` value) is one the VFS supports.
int batched_wal_supports_version(int versionNumber);

/// 0 when the connection's WAL is healthy or not batched; non-zero once a write or sync of
/// its WAL failed: the connection then refuses to write and must be closed and reopened.
int batched_wal_poison(struct sqlite3 *db);

#endif
