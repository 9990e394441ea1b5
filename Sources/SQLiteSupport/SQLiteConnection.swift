import CSQLite
import CSQLiteBatchedWAL
import Foundation

/// SQLITE_TRANSIENT, which Swift does not import: SQLite copies the bound bytes.
let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection with a statement cache. Every method is serialized by a lock, so one
/// connection may be shared by tasks; use several connections for parallel readers.
public final class SQLiteConnection: @unchecked Sendable {
    // @unchecked Sendable: `handle`, `statements` and `walHook` are only used while holding `lock`.

    /// How hard a commit tries to reach the disk.
    public enum Synchronous: String, Sendable {
        /// Survives power loss and OS crashes (fsync on every commit).
        case full = "FULL"
        /// Survives process crashes; the last commits may be lost on power loss.
        case normal = "NORMAL"
    }

    public let path: String
    /// The setting every durable commit uses.
    public let synchronous: Synchronous
    private let handle: OpaquePointer
    private let lock = NSRecursiveLock()
    private var statements: [String: OpaquePointer] = [:]
    /// Called after each commit with the WAL's size in pages (see `onWALCommit`).
    private var walHook: WALHookBox?

    /// Whether connections write each transaction's WAL frames with one call (the
    /// `switchboard-batched-wal` VFS) unless told otherwise: yes, unless the environment sets
    /// `SWITCHBOARD_SQLITE_BATCHED_WAL=0`, which falls back to SQLite's own VFS.
    public static let batchesWALByDefault = ProcessInfo.processInfo.environment["SWITCHBOARD_SQLITE_BATCHED_WAL"] != "0"

    /// Whether this connection writes its WAL through the `switchboard-batched-wal` VFS. False
    /// when it was not asked to, or when the linked SQLite is outside the versions that VFS
    /// was written for (it then uses SQLite's own VFS).
    public let batchesWAL: Bool

    /// The linked SQLite's version number (3.40.1 is 3040001).
    public static var libraryVersion: Int { Int(sqlite3_libversion_number()) }

    /// Whether the batched-WAL VFS supports the SQLite with version number `libraryVersion`.
    public static func batchedWALSupports(libraryVersion: Int) -> Bool {
        guard let version = Int32(exactly: libraryVersion) else { return false }
        return batched_wal_supports_version(version) != 0
    }

    /// Opens (creating if needed) the database at `path` in WAL mode.
    /// - Parameter batchedWAL: write the frames of a commit with one call instead of two per
    ///   page; what reaches the file, and when it becomes visible, is unchanged. Ignored (see
    ///   `batchesWAL`) on an SQLite release the batched VFS does not support.
    /// - Throws: `SQLiteError` naming the file: not a database, locked, read-only, ...
    public convenience init(path: String, synchronous: Synchronous = .full, busyTimeoutMilliseconds: Int = 5000,
                            readOnly: Bool = false, batchedWAL: Bool = SQLiteConnection.batchesWALByDefault) throws {
        try self.init(path: path, synchronous: synchronous, busyTimeoutMilliseconds: busyTimeoutMilliseconds,
                      readOnly: readOnly, batchedWAL: batchedWAL, over: nil)
    }

    /// Opens the database like the public initializer, with its files opened through the VFS
    /// named `underlyingVFS` (nil: SQLite's default); with `batchedWAL`, the batched VFS sits on
    /// top of it. `libraryVersion` stands in for the linked SQLite's version in the version
    /// guard, so tests can see the fallback.
    package init(path: String, synchronous: Synchronous = .full, busyTimeoutMilliseconds: Int = 5000,
                 readOnly: Bool = false, batchedWAL: Bool = SQLiteConnection.batchesWALByDefault,
                 over underlyingVFS: String?, libraryVersion: Int = SQLiteConnection.libraryVersion) throws {
        self.path = path
        self.synchronous = synchronous
        let sizeBefore = readOnly || path == ":memory:" || path.hasPrefix("file:") ? 0 : Self.fileSize(path)
        var handle: OpaquePointer?
        let flags = (readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX
        var batchedName: UnsafePointer<CChar>?
        let batches = batchedWAL && Self.batchedWALSupports(libraryVersion: libraryVersion)
            && batched_wal_register_over(underlyingVFS, &batchedName) == SQLITE_OK && batchedName != nil
        batchesWAL = batches
        let vfs = batches ? batchedName.map { String(cString: $0) } : underlyingVFS
        let code = sqlite3_open_v2(path, &handle, flags, vfs)
        guard code == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(handle)
            throw SQLiteError(code: code, message: message, path: path)
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, Int32(busyTimeoutMilliseconds))
        sqlite3_extended_result_codes(handle, 1)
        // From here every property is set, so a throw runs `deinit`, which closes the handle:
        // closing it here as well would close it twice.
        do {
            // SQLite takes a file shorter than one page for an empty database and would write a
            // new one over it, so a history cut to a few bytes would silently start from nothing.
            if sizeBefore > 0, try query("PRAGMA page_count").first?.int(0) == 0 {
                throw SQLiteError(code: SQLITE_NOTADB, message: "it holds \(sizeBefore) byte(s) and no database pages", path: path)
            }
            if !readOnly {
                let mode = try query("PRAGMA journal_mode=WAL").first?.string(0)?.lowercased()
                if mode != "wal" {
                    throw SQLiteError(code: SQLITE_ERROR, message: "could not switch to WAL (mode \(mode ?? "?"))", path: path)
                }
            }
            try execute("PRAGMA synchronous=\(synchronous.rawValue)")
            // A WAL that grew while a long reader held it is cut back to 64 MiB when it restarts.
            if !readOnly { try execute("PRAGMA journal_size_limit=67108864") }
            try execute("PRAGMA foreign_keys=ON")
        }
    }

    /// The size of the file at `path`, by `stat` (0 when it does not exist). Never by opening it:
    /// closing any descriptor of a database file drops every POSIX lock this process holds on
    /// it, including those of its other connections.
    private static func fileSize(_ path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    deinit {
        if walHook != nil { sqlite3_wal_hook(handle, nil, nil) }
        for statement in statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws {
        try lock.withLock {
            var error: UnsafeMutablePointer<CChar>?
            let code = sqlite3_exec(handle, sql, nil, nil, &error)
            defer { sqlite3_free(error) }
            if code != SQLITE_OK {
                throw SQLiteError(code: code, message: error.map { String(cString: $0) } ?? "", path: path,
                                  mustReopen: walFailed(code))
            }
        }
    }

    /// Runs a statement with `bindings` (?1, ?2, ...) and returns its rows.
    @discardableResult
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> [SQLiteRow] {
        try lock.withLock {
            let statement = try prepared(sql)
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            for (offset, value) in bindings.enumerated() {
                try bind(value, at: Int32(offset + 1), in: statement)
            }
            var rows: [SQLiteRow] = []
            while true {
                let code = sqlite3_step(statement)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else { throw currentError(code) }
                rows.append(readRow(statement))
            }
            return rows
        }
    }

    /// Runs a statement and returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> Int {
        try lock.withLock {
            try query(sql, bindings)
            return Int(sqlite3_changes(handle))
        }
    }

    /// Runs `body` inside `BEGIN IMMEDIATE` ... `COMMIT`, rolling back if it throws.
    /// Other connections wait up to the busy timeout for the write lock.
    ///
    /// With `durable: false` the commit skips the fsync even on a `full` connection. Use it for
    /// writes a power loss may undo without harm (leases, claims): in WAL mode the WAL is one
    /// ordered log, so the next durable commit's fsync makes these writes durable too.
    public func transaction<T>(durable: Bool = true, _ body: () throws -> T) throws -> T {
        try lock.withLock {
            let relax = !durable && synchronous == .full
            if relax { try query("PRAGMA synchronous=NORMAL") }
            defer { if relax { _ = try? query("PRAGMA synchronous=FULL") } }
            try query("BEGIN IMMEDIATE")
            do {
                let value = try body()
                try query("COMMIT")
                return value
            } catch {
                _ = try? query("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` in a savepoint of the current transaction: if it throws, only its writes are
    /// undone, and the error is rethrown.
    public func savepoint<T>(_ name: String, _ body: () throws -> T) throws -> T {
        try lock.withLock {
            try query("SAVEPOINT \(name)")
            do {
                let value = try body()
                try query("RELEASE \(name)")
                return value
            } catch {
                _ = try? query("ROLLBACK TO \(name)")
                _ = try? query("RELEASE \(name)")
                throw error
            }
        }
    }

    /// Replaces SQLite's automatic checkpoint with `body`, called on the committing thread after
    /// every commit of this connection with the number of pages in the WAL. When `body` returns
    /// true, a PASSIVE checkpoint runs right there, on this connection, before the commit
    /// returns. `body` must be quick and must not use this connection.
    public func onWALCommit(_ body: @escaping @Sendable (Int) -> Bool) {
        lock.withLock {
            let box = WALHookBox(body)
            walHook = box
            sqlite3_wal_hook(handle, { context, db, _, pages in
                guard let context else { return SQLITE_OK }
                if Unmanaged<WALHookBox>.fromOpaque(context).takeUnretainedValue().body(Int(pages)) {
                    // Errors (a busy reader, say) leave the WAL as it is; the next request retries.
                    _ = sqlite3_wal_checkpoint_v2(db, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
                }
                return SQLITE_OK
            }, Unmanaged.passUnretained(box).toOpaque())
        }
    }

    /// Runs a PASSIVE checkpoint: copies the WAL frames no reader needs into the database,
    /// without waiting for readers or blocking writers. Returns the WAL's size and the frames
    /// copied, in pages.
    @discardableResult
    public func checkpoint() throws -> (walPages: Int, checkpointedPages: Int) {
        try lock.withLock {
            var log: Int32 = 0
            var copied: Int32 = 0
            let code = sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, &log, &copied)
            guard code == SQLITE_OK else { throw currentError(code) }
            return (Int(log), Int(copied))
        }
    }

    /// The rowid of the last insert on this connection.
    public var lastInsertRowID: Int64 { lock.withLock { sqlite3_last_insert_rowid(handle) } }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw currentError(code) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: SQLiteValue, at index: Int32, in statement: OpaquePointer) throws {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(statement, index)
        case .integer(let number): code = sqlite3_bind_int64(statement, index, number)
        case .real(let number): code = sqlite3_bind_double(statement, index, number)
        case .text(let text): code = sqlite3_bind_text(statement, index, text, -1, transientDestructor)
        case .blob(let bytes):
            code = bytes.withUnsafeBytes {
                sqlite3_bind_blob(statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count),
                                  transientDestructor)
            }
        }
        if code != SQLITE_OK { throw currentError(code) }
    }

    private func readRow(_ statement: OpaquePointer) -> SQLiteRow {
        var values: [SQLiteValue] = []
        for column in 0..<sqlite3_column_count(statement) {
            switch sqlite3_column_type(statement, column) {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, column)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, column)))
            case SQLITE_TEXT: values.append(.text(String(cString: sqlite3_column_text(statement, column))))
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, column))
                if let pointer = sqlite3_column_blob(statement, column), count > 0 {
                    values.append(.blob(Array(UnsafeRawBufferPointer(start: pointer, count: count))))
                } else {
                    values.append(.blob([]))
                }
            default: values.append(.null)
            }
        }
        return SQLiteRow(values: values)
    }

    /// True once a write or sync of this connection's WAL failed (only the batched-WAL VFS
    /// tracks it): the connection then refuses to write, and must be closed and opened again.
    public var mustBeReopened: Bool { lock.withLock { batched_wal_poison(handle) != 0 } }

    /// Runs `body` with the connection's SQLite handle, holding the connection's lock.
    package func withHandle<T>(_ body: (OpaquePointer) throws -> T) rethrows -> T {
        try lock.withLock { try body(handle) }
    }

    /// Whether an error with `code` comes from a WAL that failed (an I/O error or a full disk
    /// on a poisoned connection).
    private func walFailed(_ code: Int32) -> Bool {
        (code & 0xff == SQLITE_IOERR || code & 0xff == SQLITE_FULL) && batched_wal_poison(handle) != 0
    }

    private func currentError(_ code: Int32) -> SQLiteError {
        SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)), path: path, mustReopen: walFailed(code))
    }
}

/// Holds the closure behind `sqlite3_wal_hook`; the connection keeps it alive.
private final class WALHookBox: Sendable {
    let body: @Sendable (Int) -> Bool
    init(_ body: @escaping @Sendable (Int) -> Bool) { self.body = body }
}
