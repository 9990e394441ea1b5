// A VFS for tests: it wraps SQLite's default VFS, counts the writes and syncs of every file
// opened through it, and fails the one a test chose. Put it under the batched-WAL VFS to
// fail that VFS's own writes and syncs.

#include "CSQLiteFaultVFS.h"
#include <sqlite3.h>
#include <pthread.h>
#include <string.h>

typedef struct FaultFile FaultFile;
struct FaultFile {
    sqlite3_file base;
    sqlite3_file *real;   // allocated right after this struct
};

/// The plan a test armed, and the counts since; guarded by `planLock`.
static pthread_mutex_t planLock = PTHREAD_MUTEX_INITIALIZER;
static FaultOperation plannedOperation;
static int plannedNth;
static FaultKind plannedKind;
static int writes, syncs, failures;

static sqlite3_vfs faultVFS;
static sqlite3_vfs *realVFS;

/// Counts one `operation` and returns the error to inject, or SQLITE_OK.
static int count(FaultOperation operation) {
    pthread_mutex_lock(&planLock);
    int seen = operation == FAULT_WRITE ? ++writes : ++syncs;
    int rc = SQLITE_OK;
    if (operation == plannedOperation && seen == plannedNth) {
        failures++;
        if (plannedKind == FAULT_DISK_FULL) rc = SQLITE_FULL;
        else rc = operation == FAULT_WRITE ? SQLITE_IOERR_WRITE : SQLITE_IOERR_FSYNC;
    }
    pthread_mutex_unlock(&planLock);
    return rc;
}

void fault_vfs_arm(FaultOperation operation, int nth, FaultKind kind) {
    pthread_mutex_lock(&planLock);
    plannedOperation = operation;
    plannedNth = nth;
    plannedKind = kind;
    writes = syncs = failures = 0;
    pthread_mutex_unlock(&planLock);
}

static int readCount(const int *counter) {
    pthread_mutex_lock(&planLock);
    int value = *counter;
    pthread_mutex_unlock(&planLock);
    return value;
}

int fault_vfs_writes(void) { return readCount(&writes); }
int fault_vfs_syncs(void) { return readCount(&syncs); }
int fault_vfs_failures(void) { return readCount(&failures); }

// MARK: - File methods

static sqlite3_file *real(sqlite3_file *file) { return ((FaultFile *)file)->real; }

static int faultWrite(sqlite3_file *f, const void *d, int n, sqlite3_int64 o) {
    int rc = count(FAULT_WRITE);
    return rc != SQLITE_OK ? rc : real(f)->pMethods->xWrite(real(f), d, n, o);
}
static int faultSync(sqlite3_file *f, int flags) {
    int rc = count(FAULT_SYNC);
    return rc != SQLITE_OK ? rc : real(f)->pMethods->xSync(real(f), flags);
}

static int passClose(sqlite3_file *f) { return real(f)->pMethods->xClose(real(f)); }
static int passRead(sqlite3_file *f, void *d, int n, sqlite3_int64 o) { return real(f)->pMethods->xRead(real(f), d, n, o); }
static int passTruncate(sqlite3_file *f, sqlite3_int64 s) { return real(f)->pMethods->xTruncate(real(f), s); }
static int passFileSize(sqlite3_file *f, sqlite3_int64 *s) { return real(f)->pMethods->xFileSize(real(f), s); }
static int passLock(sqlite3_file *f, int l) { return real(f)->pMethods->xLock(real(f), l); }
static int passUnlock(sqlite3_file *f, int l) { return real(f)->pMethods->xUnlock(real(f), l); }
static int passCheckReservedLock(sqlite3_file *f, int *r) { return real(f)->pMethods->xCheckReservedLock(real(f), r); }
static int passFileControl(sqlite3_file *f, int op, void *a) { return real(f)->pMethods->xFileControl(real(f), op, a); }
static int passSectorSize(sqlite3_file *f) { return real(f)->pMethods->xSectorSize(real(f)); }
static int passDeviceCharacteristics(sqlite3_file *f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
static int passShmMap(sqlite3_file *f, int i, int n, int e, void volatile **p) { return real(f)->pMethods->xShmMap(real(f), i, n, e, p); }
static int passShmLock(sqlite3_file *f, int o, int n, int l) { return real(f)->pMethods->xShmLock(real(f), o, n, l); }
static void passShmBarrier(sqlite3_file *f) { real(f)->pMethods->xShmBarrier(real(f)); }
static int passShmUnmap(sqlite3_file *f, int d) { return real(f)->pMethods->xShmUnmap(real(f), d); }
static int passFetch(sqlite3_file *f, sqlite3_int64 o, int n, void **p) { return real(f)->pMethods->xFetch(real(f), o, n, p); }
static int passUnfetch(sqlite3_file *f, sqlite3_int64 o, void *p) { return real(f)->pMethods->xUnfetch(real(f), o, p); }

static const sqlite3_io_methods faultMethods = {
    3, passClose, passRead, faultWrite, passTruncate, faultSync, passFileSize, passLock, passUnlock,
    passCheckReservedLock, passFileControl, passSectorSize, passDeviceCharacteristics,
    passShmMap, passShmLock, passShmBarrier, passShmUnmap, passFetch, passUnfetch,
};

/// For a wrapped file whose methods predate version 3 (no shared memory, no mapping).
static const sqlite3_io_methods faultMethodsVersion1 = {
    1, passClose, passRead, faultWrite, passTruncate, faultSync, passFileSize, passLock, passUnlock,
    passCheckReservedLock, passFileControl, passSectorSize, passDeviceCharacteristics,
};

// MARK: - The VFS

static int faultOpen(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags, int *outFlags) {
    (void)vfs;
    FaultFile *wrapper = (FaultFile *)file;
    memset(wrapper, 0, sizeof(FaultFile));
    wrapper->real = (sqlite3_file *)&wrapper[1];
    int rc = realVFS->xOpen(realVFS, name, wrapper->real, flags, outFlags);
    if (wrapper->real->pMethods == NULL) {
        wrapper->base.pMethods = NULL;
        return rc;
    }
    wrapper->base.pMethods = wrapper->real->pMethods->iVersion >= 3 ? &faultMethods : &faultMethodsVersion1;
    return rc;
}

static pthread_once_t registration = PTHREAD_ONCE_INIT;
static int registrationResult = SQLITE_ERROR;

static void registerOnce(void) {
    if (sqlite3_initialize() != SQLITE_OK) return;
    realVFS = sqlite3_vfs_find(NULL);
    if (realVFS == NULL) return;
    // The default VFS's other methods need only the app data and path limit the copy keeps.
    faultVFS = *realVFS;
    faultVFS.zName = FAULT_VFS_NAME;
    faultVFS.pNext = NULL;
    faultVFS.szOsFile = (int)sizeof(FaultFile) + realVFS->szOsFile;
    faultVFS.xOpen = faultOpen;
    registrationResult = sqlite3_vfs_register(&faultVFS, 0);
}

int fault_vfs_register(void) {
    pthread_once(&registration, registerOnce);
    return registrationResult;
}

// MARK: - Driving a connection's files directly

/// The connection's open WAL file, the top of its VFS stack; NULL when none is open.
static sqlite3_file *walFile(sqlite3 *db) {
    sqlite3_file *wal = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_JOURNAL_POINTER, &wal) != SQLITE_OK) return NULL;
    return wal != NULL && wal->pMethods != NULL ? wal : NULL;
}

int fault_vfs_write_wal(sqlite3 *db, const void *data, int amount, long long offset) {
    sqlite3_file *wal = walFile(db);
    return wal == NULL ? SQLITE_ERROR : wal->pMethods->xWrite(wal, data, amount, offset);
}

int fault_vfs_read_wal(sqlite3 *db, void *data, int amount, long long offset) {
    sqlite3_file *wal = walFile(db);
    return wal == NULL ? SQLITE_ERROR : wal->pMethods->xRead(wal, data, amount, offset);
}

int fault_vfs_shm_barrier(sqlite3 *db) {
    sqlite3_file *database = NULL;
    if (sqlite3_file_control(db, "main", SQLITE_FCNTL_FILE_POINTER, &database) != SQLITE_OK) return SQLITE_ERROR;
    if (database == NULL || database->pMethods == NULL || database->pMethods->iVersion < 2) return SQLITE_ERROR;
    database->pMethods->xShmBarrier(database);
    return SQLITE_OK;
}
