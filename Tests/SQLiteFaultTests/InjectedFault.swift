import CSQLiteFaultVFS

/// What the fault VFS makes a write or sync report.
enum InjectedFault: String, CaseIterable, Sendable, CustomStringConvertible {
    /// SQLITE_FULL, as for ENOSPC.
    case diskFull
    /// SQLITE_IOERR_WRITE or SQLITE_IOERR_FSYNC, as for EIO.
    case ioError

    var kind: FaultKind { self == .diskFull ? FAULT_DISK_FULL : FAULT_IO_ERROR }
    var description: String { rawValue }
}
