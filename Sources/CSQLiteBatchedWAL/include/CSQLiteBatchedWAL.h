#ifndef SWITCHBOARD_BATCHED_WAL_H
#define SWITCHBOARD_BATCHED_WAL_H

/// The name of the VFS that `batched_wal_register` adds.
#define BATCHED_WAL_VFS_NAME "switchboard-batched-wal"

/// Registers (once; later calls only report the first result) a VFS that wraps SQLite's
/// default VFS and gathers the frames a transaction appends to a write-ahead log into one
/// write, made when the commit frame arrives. Everything else passes through unchanged.
/// Returns an SQLite result code.
int batched_wal_register(void);

#endif
