// A VFS that wraps SQLite's default one and gathers the frames a transaction appends to its
// write-ahead log into one write.
//
// SQLite writes each WAL frame as two writes (its 24-byte header, then the page), so a commit
// of n pages costs 2n write calls. Here the WAL file collects contiguous appends in a buffer
// and writes them with one call when the commit frame's page arrives (a frame header with a
// non-zero "database size" field marks the commit). Nothing is ever published before it is
// written: the buffer is also written before every read, sync, truncate, size query, file
// control or close of the WAL, and before the database file's shared-memory barrier and
// locks, which is where SQLite makes new frames visible to other connections. A process that
// dies with a buffer loses only a transaction that had not committed.

#include "CSQLiteBatchedWAL.h"
#include <sqlite3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// The unix VFS writes at most 128 KiB - 1 bytes per call (it masks the length), so a buffer
// stays well below that.
enum { BUFFER_LIMIT = 64 * 1024, FRAME_HEADER_SIZE = 24 };

typedef struct BatchedFile BatchedFile;
struct BatchedFile {
    sqlite3_file base;          // our methods
    sqlite3_file *real;         // the wrapped file, allocated right after this struct
    BatchedFile *wal;           // database file: its open WAL file, if any
    BatchedFile *database;      // WAL file: its database file
    unsigned char *buffer;      // WAL file: bytes not yet written
    sqlite3_int64 bufferOffset; // file offset of buffer[0]
    int bufferLength;
    int commitPending;          // the last write was a commit frame's header
};

static sqlite3_vfs batchedVFS;
static sqlite3_vfs *realVFS;

static sqlite3_file *real(sqlite3_file *file) { return ((BatchedFile *)file)->real; }

/// Writes the buffered bytes, if any.
static int flush(BatchedFile *wal) {
    if (wal == NULL || wal->bufferLength == 0) return SQLITE_OK;
    int length = wal->bufferLength;
    wal->bufferLength = 0;
    return wal->real->pMethods->xWrite(wal->real, wal->buffer, length, wal->bufferOffset);
}

/// Adds bytes that continue the buffer (or start it); the caller has made room.
static int append(BatchedFile *wal, const void *data, int amount, sqlite3_int64 offset) {
    if (wal->buffer == NULL) {
        wal->buffer = sqlite3_malloc(BUFFER_LIMIT);
        if (wal->buffer == NULL) return SQLITE_NOMEM;
    }
    if (wal->bufferLength == 0) wal->bufferOffset = offset;
    memcpy(wal->buffer + wal->bufferLength, data, amount);
    wal->bufferLength += amount;
    return SQLITE_OK;
}

static int isCommitFrameHeader(const void *data, int amount) {
    if (amount != FRAME_HEADER_SIZE) return 0;
    const unsigned char *bytes = data;
    return (bytes[4] | bytes[5] | bytes[6] | bytes[7]) != 0;
}

// MARK: - WAL file methods

static int walWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    BatchedFile *wal = (BatchedFile *)file;
    int contiguous = wal->bufferLength > 0 && offset == wal->bufferOffset + wal->bufferLength;
    if (!contiguous || wal->bufferLength + amount > BUFFER_LIMIT) {
        int rc = flush(wal);
        if (rc != SQLITE_OK) return rc;
    }
    int rc;
    if (amount > BUFFER_LIMIT) {
        rc = wal->real->pMethods->xWrite(wal->real, data, amount, offset);
    } else {
        rc = append(wal, data, amount, offset);
    }
    if (rc != SQLITE_OK) return rc;
    // The page after a commit frame's header ends the transaction's frames: write them now,
    // where a failure can still be reported to the committing statement.
    int endsCommit = wal->commitPending;
    wal->commitPending = isCommitFrameHeader(data, amount);
    return endsCommit ? flush(wal) : SQLITE_OK;
}

static int walRead(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset) {
    int rc = flush((BatchedFile *)file);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xRead(real(file), data, amount, offset);
}

static int walTruncate(sqlite3_file *file, sqlite3_int64 size) {
    int rc = flush((BatchedFile *)file);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xTruncate(real(file), size);
}

static int walSync(sqlite3_file *file, int flags) {
    int rc = flush((BatchedFile *)file);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xSync(real(file), flags);
}

static int walFileSize(sqlite3_file *file, sqlite3_int64 *size) {
    int rc = flush((BatchedFile *)file);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xFileSize(real(file), size);
}

static int walFileControl(sqlite3_file *file, int op, void *argument) {
    int rc = flush((BatchedFile *)file);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xFileControl(real(file), op, argument);
}

static int walClose(sqlite3_file *file) {
    BatchedFile *wal = (BatchedFile *)file;
    int rc = flush(wal);
    if (wal->database != NULL && wal->database->wal == wal) wal->database->wal = NULL;
    sqlite3_free(wal->buffer);
    wal->buffer = NULL;
    int closed = wal->real->pMethods->xClose(wal->real);
    return rc != SQLITE_OK ? rc : closed;
}

// MARK: - Database file methods (the WAL is written before its frames can become visible)

static int databaseClose(sqlite3_file *file) {
    BatchedFile *database = (BatchedFile *)file;
    if (database->wal != NULL) {
        flush(database->wal);
        database->wal->database = NULL;
    }
    return database->real->pMethods->xClose(database->real);
}

static int databaseSync(sqlite3_file *file, int flags) {
    int rc = flush(((BatchedFile *)file)->wal);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xSync(real(file), flags);
}

static int databaseShmLock(sqlite3_file *file, int offset, int count, int flags) {
    int rc = flush(((BatchedFile *)file)->wal);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xShmLock(real(file), offset, count, flags);
}

static void databaseShmBarrier(sqlite3_file *file) {
    // Normally empty here (the commit frame wrote it); this cannot report an error, so a
    // failure is logged and the next read of the WAL sees what was written.
    int rc = flush(((BatchedFile *)file)->wal);
    if (rc != SQLITE_OK) sqlite3_log(rc, "batched WAL: write before the shared-memory barrier failed");
    real(file)->pMethods->xShmBarrier(real(file));
}

static int databaseShmUnmap(sqlite3_file *file, int deleteFlag) {
    flush(((BatchedFile *)file)->wal);
    return real(file)->pMethods->xShmUnmap(real(file), deleteFlag);
}

// MARK: - Pass-through methods

static int passRead(sqlite3_file *f, void *d, int n, sqlite3_int64 o) { return real(f)->pMethods->xRead(real(f), d, n, o); }
static int passWrite(sqlite3_file *f, const void *d, int n, sqlite3_int64 o) { return real(f)->pMethods->xWrite(real(f), d, n, o); }
static int passTruncate(sqlite3_file *f, sqlite3_int64 s) { return real(f)->pMethods->xTruncate(real(f), s); }
static int passFileSize(sqlite3_file *f, sqlite3_int64 *s) { return real(f)->pMethods->xFileSize(real(f), s); }
static int passLock(sqlite3_file *f, int l) { return real(f)->pMethods->xLock(real(f), l); }
static int passUnlock(sqlite3_file *f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
static int passCheckReservedLock(sqlite3_file *f, int *r) { return real(f)->pMethods->xCheckReservedLock(real(f), r); }
static int passFileControl(sqlite3_file *f, int op, void *a) { return real(f)->pMethods->xFileControl(real(f), op, a); }
static int passSectorSize(sqlite3_file *f) { return real(f)->pMethods->xSectorSize(real(f)); }
static int passDeviceCharacteristics(sqlite3_file *f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
static int passShmMap(sqlite3_file *f, int i, int n, int e, void volatile **p) { return real(f)->pMethods->xShmMap(real(f), i, n, e, p); }
static int passFetch(sqlite3_file *f, sqlite3_int64 o, int n, void **p) { return real(f)->pMethods->xFetch(real(f), o, n, p); }
static int passUnfetch(sqlite3_file *f, sqlite3_int64 o, void *p) { return real(f)->pMethods->xUnfetch(real(f), o, p); }
static int passClose(sqlite3_file *f) { return real(f)->pMethods->xClose(real(f)); }
static int passSync(sqlite3_file *f, int l) { return real(f)->pMethods->xSync(real(f), l); }

static int passShmLock(sqlite3_file *f, int o, int n, int l) { return real(f)->pMethods->xShmLock(real(f), o, n, l); }
static void passShmBarrier(sqlite3_file *f) { real(f)->pMethods->xShmBarrier(real(f)); }
static int passShmUnmap(sqlite3_file *f, int d) { return real(f)->pMethods->xShmUnmap(real(f), d); }

static const sqlite3_io_methods walMethods = {
    3, walClose, walRead, walWrite, walTruncate, walSync, walFileSize, passLock, passUnlock,
    passCheckReservedLock, walFileControl, passSectorSize, passDeviceCharacteristics,
    passShmMap, passShmLock, passShmBarrier, passShmUnmap, passFetch, passUnfetch,
};

static const sqlite3_io_methods databaseMethods = {
    3, databaseClose, passRead, passWrite, passTruncate, databaseSync, passFileSize, passLock, passUnlock,
    passCheckReservedLock, passFileControl, passSectorSize, passDeviceCharacteristics,
    passShmMap, databaseShmLock, databaseShmBarrier, databaseShmUnmap, passFetch, passUnfetch,
};

/// Journals and temporary files, and any file whose methods predate version 3: unchanged.
static const sqlite3_io_methods passMethods = {
    1, passClose, passRead, passWrite, passTruncate, passSync, passFileSize, passLock, passUnlock,
    passCheckReservedLock, passFileControl, passSectorSize, passDeviceCharacteristics,
};

// MARK: - The VFS

static int batchedOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags) {
    (void)vfs;
    BatchedFile *wrapper = (BatchedFile *)file;
    memset(wrapper, 0, sizeof(BatchedFile));
    wrapper->real = (sqlite3_file *)&wrapper[1];
    int rc = realVFS->xOpen(realVFS, name, wrapper->real, flags, outFlags);
    if (wrapper->real->pMethods == NULL) {
        wrapper->base.pMethods = NULL;   // SQLite closes nothing that failed to open
        return rc;
    }
    if (wrapper->real->pMethods->iVersion < 3) {
        wrapper->base.pMethods = &passMethods;
    } else if (flags & SQLITE_OPEN_MAIN_DB) {
        wrapper->base.pMethods = &databaseMethods;
    } else if ((flags & SQLITE_OPEN_WAL) && name != NULL) {
        BatchedFile *database = (BatchedFile *)sqlite3_database_file_object(name);
        if (database != NULL && database->base.pMethods == &databaseMethods) {
            wrapper->database = database;
            database->wal = wrapper;
            wrapper->base.pMethods = &walMethods;
        } else {
            wrapper->base.pMethods = &passMethods;
        }
    } else {
        wrapper->base.pMethods = &passMethods;
    }
    return rc;
}

static pthread_once_t registration = PTHREAD_ONCE_INIT;
static int registrationResult = SQLITE_ERROR;

static void registerOnce(void) {
    realVFS = sqlite3_vfs_find(NULL);
    if (realVFS == NULL) return;
    // Every other VFS method is the default VFS's own: they read nothing of the VFS object
    // but its app data and path limit, which the copy keeps.
    batchedVFS = *realVFS;
    batchedVFS.zName = BATCHED_WAL_VFS_NAME;
    batchedVFS.pNext = NULL;
    batchedVFS.szOsFile = (int)sizeof(BatchedFile) + realVFS->szOsFile;
    batchedVFS.xOpen = batchedOpen;
    registrationResult = sqlite3_vfs_register(&batchedVFS, 0);
}

int batched_wal_register(void) {
    pthread_once(&registration, registerOnce);
    return registrationResult;
}
