// A VFS that wraps another one (SQLite's default, normally) and gathers the frames a
// transaction appends to its write-ahead log into one write.
//
// SQLite appends each WAL frame as a 24-byte header and a page, so a commit of n pages costs
// up to 2n write calls. Here the WAL file collects contiguous appends in a buffer and writes
// them with one call once the buffer holds the whole commit frame. Frames are found by their
// offsets in the WAL's layout (a 32-byte file header, then frames of 24 + page-size bytes), so
// it does not matter how SQLite splits or joins a frame's header and page into calls; a frame
// header with a non-zero "database size after commit" field (bytes 4..7) marks the commit.
//
// Nothing is ever published before it is written: the buffer is also written before every
// read, sync, truncate, size query, file control or close of the WAL, and before the database
// file's shared-memory locks and barrier. After the commit frame, the rest of the write
// transaction (SQLite's rewrite of frame checksums) is written through, so that any failure
// is returned to SQLite before it publishes the commit in the WAL index.
//
// Any failure to write or sync the WAL poisons it: the bytes it held may be gone, and a later
// write that succeeded could leave a hole in the log that the WAL index already points past.
// So every later write, sync and truncate fails with an I/O error, and so does a read of any
// byte that was lost; the connection must be closed and opened again (recovery then rebuilds
// the WAL index from what is really on disk). A failure at the shared-memory barrier cannot be
// returned by the barrier itself; it also makes the database file's later shared-memory locks
// fail, so the connection's next statement gets the error. A process that dies with a buffer
// loses only a transaction that had not committed.

#include "CSQLiteBatchedWAL.h"
#include <sqlite3.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

// The unix VFS writes at most 128 KiB - 1 bytes per call (it masks the length), so a buffer
// stays well below that.
enum { BUFFER_LIMIT = 64 * 1024, WAL_HEADER_SIZE = 32, FRAME_HEADER_SIZE = 24 };

// The SQLite releases this file was written for, as sqlite3_libversion_number() values.
// - From 3.32.0, where sqlite3_database_file_object() (which ties a WAL file to its database
//   file) first appeared. The WAL file format parsed here (32-byte header with the page size
//   at bytes 8..11, frames of a 24-byte header and a page, the commit field at bytes 4..7) is
//   a file format SQLite has kept since 3.7.0.
// - Before 3.51.0. Written and tested against 3.40.1 (Debian bookworm). Besides the format,
//   this VFS relies on the order of the WAL writer's calls, which is not a promised interface:
//   frames, then the checksum rewrite of overwritten frames, then the optional padding and
//   sync, then the WAL-index update behind xShmBarrier, then the release of WAL_WRITE_LOCK
//   (shared-memory slot 0). sqlite3WalFrames() still follows that order in later sources,
//   so the releases up to 3.50 are admitted, though only 3.40.1 has run these tests; a newer
//   library falls back to the default VFS until the tests (the fault tests in particular)
//   have passed against it and the bound is raised.
enum { OLDEST_SUPPORTED_VERSION = 3032000, FIRST_UNSUPPORTED_VERSION = 3051000 };

/// How badly a connection's WAL is broken (kept on the WAL file and on its database file).
enum {
    HEALTHY = 0,
    /// A write or sync of the WAL failed: writes, syncs and reads of lost bytes fail.
    POISONED = 1,
    /// A write failed at the shared-memory barrier, where SQLite may be publishing the frames:
    /// the database file's shared-memory locks fail too, so the connection stops reading.
    POISONED_AT_BARRIER = 2,
};

typedef struct BatchedFile BatchedFile;
struct BatchedFile {
    sqlite3_file base;          // our methods
    sqlite3_file *real;         // the wrapped file, allocated right after this struct
    BatchedFile *wal;           // database file: its open WAL file, if any
    BatchedFile *database;      // WAL file: its database file
    int poison;                 // HEALTHY, POISONED or POISONED_AT_BARRIER
    unsigned char *buffer;      // WAL file: bytes not yet written
    sqlite3_int64 bufferOffset; // file offset of buffer[0]
    int bufferLength;
    int pageSize;               // WAL file: from its header; 0 while unknown
    sqlite3_int64 commitEnd;    // WAL file: end of a commit frame whose header is seen, not yet written
    sqlite3_int64 committedEnd; // WAL file: end of this write transaction's written commit frame
    sqlite3_int64 lostStart;    // WAL file: bytes accepted but never written, [lostStart, lostEnd)
    sqlite3_int64 lostEnd;
};

/// One registered VFS: SQLite's object, then the VFS it wraps.
typedef struct BatchedVFS BatchedVFS;
struct BatchedVFS {
    sqlite3_vfs base;
    sqlite3_vfs *underlying;
    BatchedVFS *next;
    char name[96];
};

static sqlite3_file *real(sqlite3_file *file) { return ((BatchedFile *)file)->real; }

static unsigned get4(const unsigned char *bytes) {
    return ((unsigned)bytes[0] << 24) | ((unsigned)bytes[1] << 16) | ((unsigned)bytes[2] << 8) | bytes[3];
}

/// The page size a WAL header declares, or 0 when it is not one SQLite can write.
static int validPageSize(unsigned size) {
    return size >= 512 && size <= 65536 && (size & (size - 1)) == 0 ? (int)size : 0;
}

// MARK: - Poison

static void poison(BatchedFile *wal, int level, sqlite3_int64 lostStart, sqlite3_int64 lostEnd) {
    if (level > wal->poison) wal->poison = level;
    if (wal->database != NULL && level > wal->database->poison) wal->database->poison = level;
    if (lostEnd > lostStart) {
        if (wal->lostEnd == wal->lostStart) {
            wal->lostStart = lostStart;
            wal->lostEnd = lostEnd;
        } else {
            if (lostStart < wal->lostStart) wal->lostStart = lostStart;
            if (lostEnd > wal->lostEnd) wal->lostEnd = lostEnd;
        }
    }
    sqlite3_log(SQLITE_IOERR, "batched WAL: a write or sync of the log failed; the connection must be reopened");
}

// MARK: - Writing

/// Writes `amount` bytes at `offset` now; a failure poisons the WAL.
static int writeThrough(BatchedFile *wal, const void *data, int amount, sqlite3_int64 offset) {
    int rc = wal->real->pMethods->xWrite(wal->real, data, amount, offset);
    if (rc != SQLITE_OK) poison(wal, POISONED, offset, offset + amount);
    return rc;
}

/// Writes the buffered bytes, if any. A failure poisons the WAL: the bytes are dropped.
static int flushAt(BatchedFile *wal, int level) {
    if (wal == NULL || wal->bufferLength == 0) return SQLITE_OK;
    int length = wal->bufferLength;
    wal->bufferLength = 0;
    int rc = wal->real->pMethods->xWrite(wal->real, wal->buffer, length, wal->bufferOffset);
    if (rc != SQLITE_OK) poison(wal, level, wal->bufferOffset, wal->bufferOffset + length);
    return rc;
}

static int flush(BatchedFile *wal) { return flushAt(wal, POISONED); }

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

/// The WAL's page size: from a header this connection wrote, else from the file's header.
static int walPageSize(BatchedFile *wal) {
    if (wal->pageSize == 0) {
        unsigned char header[WAL_HEADER_SIZE];
        if (wal->real->pMethods->xRead(wal->real, header, WAL_HEADER_SIZE, 0) == SQLITE_OK) {
            wal->pageSize = validPageSize(get4(header + 8));
        }
    }
    return wal->pageSize;
}

/// Reads the "database size after commit" field of every frame header whose field ends in
/// (`from`, `to`], where `bytes` holds the file's bytes from `start` to at least `to`. A
/// non-zero field makes that frame's end the commit end.
static void noteCommitFrames(BatchedFile *wal, const unsigned char *bytes, sqlite3_int64 start,
                             sqlite3_int64 from, sqlite3_int64 to) {
    const sqlite3_int64 frameSize = FRAME_HEADER_SIZE + wal->pageSize;
    const sqlite3_int64 firstFieldEnd = WAL_HEADER_SIZE + 8;   // frame 0's field is bytes 36..39
    if (to < firstFieldEnd) return;
    sqlite3_int64 frame = from < firstFieldEnd ? 0 : (from - firstFieldEnd) / frameSize + 1;
    for (; firstFieldEnd + frame * frameSize <= to; frame++) {
        sqlite3_int64 field = firstFieldEnd + frame * frameSize - 4;
        if (field < start) continue;   // the field began in bytes already written: not seen whole
        if (get4(bytes + (field - start)) != 0) wal->commitEnd = WAL_HEADER_SIZE + (frame + 1) * frameSize;
    }
}

// MARK: - WAL file methods

static int walWrite(sqlite3_file *file, const void *data, int amount, sqlite3_int64 offset) {
    BatchedFile *wal = (BatchedFile *)file;
    if (wal->poison) return SQLITE_IOERR_WRITE;
    sqlite3_int64 end = offset + amount;
    if (offset == 0) {   // a new WAL header: the log restarts
        wal->commitEnd = 0;
        wal->committedEnd = 0;
    }
    if (offset <= 8 && end >= 12) wal->pageSize = validPageSize(get4((const unsigned char *)data + 8 - offset));
    if (wal->committedEnd != 0) {
        // Inside the frames of the commit just written: SQLite rewriting checksums before it
        // publishes the commit. Anything else is the next transaction.
        if (offset < wal->committedEnd) {
            int rc = flush(wal);
            return rc != SQLITE_OK ? rc : writeThrough(wal, data, amount, offset);
        }
        wal->committedEnd = 0;
    }
    if (walPageSize(wal) == 0) {   // frames cannot be found: no batching
        int rc = flush(wal);
        return rc != SQLITE_OK ? rc : writeThrough(wal, data, amount, offset);
    }
    int contiguous = wal->bufferLength > 0 && offset == wal->bufferOffset + wal->bufferLength;
    if (!contiguous || wal->bufferLength + amount > BUFFER_LIMIT) {
        int rc = flush(wal);
        if (rc != SQLITE_OK) return rc;
    }
    if (amount > BUFFER_LIMIT) {
        noteCommitFrames(wal, data, offset, offset, end);
        int rc = writeThrough(wal, data, amount, offset);
        if (rc != SQLITE_OK) return rc;
    } else {
        int rc = append(wal, data, amount, offset);
        if (rc != SQLITE_OK) return rc;
        noteCommitFrames(wal, wal->buffer, wal->bufferOffset, offset, end);
    }
    // The commit frame's last byte ends the transaction's frames: write them now, where a
    // failure can still be reported to the committing statement.
    if (wal->commitEnd != 0 && end >= wal->commitEnd) {
        wal->committedEnd = wal->commitEnd;
        wal->commitEnd = 0;
        return flush(wal);
    }
    return SQLITE_OK;
}

static int walRead(sqlite3_file *file, void *data, int amount, sqlite3_int64 offset) {
    BatchedFile *wal = (BatchedFile *)file;
    if (wal->poison && offset < wal->lostEnd && offset + amount > wal->lostStart) return SQLITE_IOERR_READ;
    int rc = flush(wal);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xRead(real(file), data, amount, offset);
}

static int walTruncate(sqlite3_file *file, sqlite3_int64 size) {
    BatchedFile *wal = (BatchedFile *)file;
    if (wal->poison) return SQLITE_IOERR_TRUNCATE;
    int rc = flush(wal);
    return rc != SQLITE_OK ? rc : real(file)->pMethods->xTruncate(real(file), size);
}

static int walSync(sqlite3_file *file, int flags) {
    BatchedFile *wal = (BatchedFile *)file;
    if (wal->poison) return SQLITE_IOERR_FSYNC;
    int rc = flush(wal);
    if (rc != SQLITE_OK) return rc;
    // After a failed fsync the kernel may have dropped the dirty pages; a retry could succeed
    // without them reaching the disk.
    rc = real(file)->pMethods->xSync(real(file), flags);
    if (rc != SQLITE_OK) poison(wal, POISONED, 0, 0);
    return rc;
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
    BatchedFile *database = (BatchedFile *)file;
    int rc = flush(database->wal);
    if (flags & SQLITE_SHM_UNLOCK) {
        // Always release: SQLite ignores errors here, and a kept lock would block others.
        // Releasing slot 0 (WAL_WRITE_LOCK) ends the write transaction.
        if (offset == 0 && database->wal != NULL) {
            database->wal->commitEnd = 0;
            database->wal->committedEnd = 0;
        }
        int unlocked = real(file)->pMethods->xShmLock(real(file), offset, count, flags);
        return rc != SQLITE_OK ? rc : unlocked;
    }
    if (rc != SQLITE_OK) return rc;
    if (database->poison >= POISONED_AT_BARRIER) return SQLITE_IOERR_SHMLOCK;
    return real(file)->pMethods->xShmLock(real(file), offset, count, flags);
}

static void databaseShmBarrier(sqlite3_file *file) {
    // Normally empty here (the commit frame wrote it). The barrier cannot report an error and
    // SQLite may be publishing frames behind it, so a failure poisons the connection harder:
    // its next shared-memory lock, which every statement takes, fails.
    BatchedFile *database = (BatchedFile *)file;
    if (flushAt(database->wal, POISONED_AT_BARRIER) != SQLITE_OK) {
        sqlite3_log(SQLITE_IOERR, "batched WAL: write before the shared-memory barrier failed");
    }
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
    sqlite3_vfs *underlying = ((BatchedVFS *)vfs)->underlying;
    BatchedFile *wrapper = (BatchedFile *)file;
    memset(wrapper, 0, sizeof(BatchedFile));
    wrapper->real = (sqlite3_file *)&wrapper[1];
    int rc = underlying->xOpen(underlying, name, wrapper->real, flags, outFlags);
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
            wrapper->poison = database->poison;   // a WAL reopened after a failure stays poisoned
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

static pthread_mutex_t registrations = PTHREAD_MUTEX_INITIALIZER;
static BatchedVFS *registered;   // guarded by `registrations`; never freed (SQLite keeps pointers)

int batched_wal_supports_version(int versionNumber) {
    return versionNumber >= OLDEST_SUPPORTED_VERSION && versionNumber < FIRST_UNSUPPORTED_VERSION;
}

int batched_wal_register_over(const char *underlyingName, const char **name) {
    *name = NULL;
    if (!batched_wal_supports_version(sqlite3_libversion_number())) return SQLITE_MISMATCH;
    int rc = sqlite3_initialize();
    if (rc != SQLITE_OK) return rc;
    sqlite3_vfs *underlying = sqlite3_vfs_find(underlyingName);
    if (underlying == NULL) return SQLITE_NOTFOUND;
    pthread_mutex_lock(&registrations);
    BatchedVFS *vfs = registered;
    while (vfs != NULL && vfs->underlying != underlying) vfs = vfs->next;
    if (vfs == NULL) {
        vfs = calloc(1, sizeof(BatchedVFS));
        if (vfs == NULL) {
            pthread_mutex_unlock(&registrations);
            return SQLITE_NOMEM;
        }
        if (underlyingName == NULL) {
            strcpy(vfs->name, BATCHED_WAL_VFS_NAME);
        } else {
            sqlite3_snprintf((int)sizeof(vfs->name), vfs->name, "%s+%s", BATCHED_WAL_VFS_NAME, underlying->zName);
        }
        // Every other VFS method is the wrapped VFS's own: the unix VFS's read nothing of the
        // VFS object but its app data and path limit, which the copy keeps.
        vfs->base = *underlying;
        vfs->base.zName = vfs->name;
        vfs->base.pNext = NULL;
        vfs->base.szOsFile = (int)sizeof(BatchedFile) + underlying->szOsFile;
        vfs->base.xOpen = batchedOpen;
        vfs->underlying = underlying;
        rc = sqlite3_vfs_register(&vfs->base, 0);
        if (rc != SQLITE_OK) {
            free(vfs);
            pthread_mutex_unlock(&registrations);
            return rc;
        }
        vfs->next = registered;
        registered = vfs;
    }
    *name = vfs->name;
    pthread_mutex_unlock(&registrations);
    return SQLITE_OK;
}

int batched_wal_register(void) {
    const char *name;
    return batched_wal_register_over(NULL, &name);
}

int batched_wal_poison(sqlite3 *db) {
    sqlite3_file *file = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == NULL) return 0;
    if (file->pMethods != &databaseMethods) return 0;
    return ((BatchedFile *)file)->poison;
}
