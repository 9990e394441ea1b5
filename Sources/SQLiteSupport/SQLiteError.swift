import CSQLite

/// A SQLite failure, with a message that names the file and says what to do.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    /// The SQLite result code (primary code in the low byte).
    public let code: Int32
    public let message: String
    public let path: String
    /// A write or sync of the connection's WAL failed: the connection refuses to write and
    /// must be closed and the database opened again.
    public let mustReopen: Bool

    public init(code: Int32, message: String, path: String, mustReopen: Bool = false) {
        self.code = code
        self.message = message
        self.path = path
        self.mustReopen = mustReopen
    }

    /// True when another connection holds the lock past the busy timeout.
    public var isBusy: Bool { code & 0xff == SQLITE_BUSY || code & 0xff == SQLITE_LOCKED }

    public var description: String {
        if mustReopen {
            return "\(path): writing the write-ahead log failed (\(message)); this connection may have lost log "
                + "frames it had accepted and refuses further writes: the connection must be reopened (close it and "
                + "open the database again; recovery keeps every commit that reached the disk)"
        }
        return switch code & 0xff {
        case SQLITE_CORRUPT, SQLITE_NOTADB:
            "\(path): the file is corrupt or is not a SQLite database (\(message)); nothing was written to it"
        case SQLITE_BUSY, SQLITE_LOCKED:
            "\(path): the database is locked by another process and stayed locked past the busy timeout (\(message))"
        case SQLITE_READONLY:
            "\(path): the database is read-only (\(message)); check the file's and its directory's permissions"
        case SQLITE_FULL:
            "\(path): the disk is full (\(message)); the last transaction was rolled back, committed work is intact"
        case SQLITE_CANTOPEN:
            "\(path): cannot open the database file (\(message)); check that the directory exists and is writable"
        case SQLITE_IOERR:
            "\(path): I/O error (\(message))"
        default:
            "\(path): SQLite error \(code): \(message)"
        }
    }
}
