import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Text that running activities publish as they produce it (a streamed answer's chunks), for
/// whoever watches the run live, in this process or another. It is not history: nothing is
/// synced, a reader that comes late gets the result from the history, and the run's output
/// goes when the run closes.
///
/// The records are u32 attempt, u32 activity-id length, the activity id, u32 text length and
/// the text (little-endian). The process whose attempt publishes keeps its run's records in
/// memory, where readers in the same process (the Router agent, `route` with an embedded
/// worker) read them. A reader in another process subscribes by creating the run's file in
/// the directory `<history>-live`; the publisher, seeing the file, appends every record to it
/// from the first. No run's file is made while only its own process watches it: a reader in a
/// process whose worker is the only one that writes the history file waits for the records in
/// memory (`WorkflowClient.liveOutput`).
final class LiveOutput: Sendable {
    let directory: String
    /// Files older than this are removed when a store opens: their runs closed without a
    /// worker removing them (it was killed), or are long past anyone watching live.
    static let staleAfter: TimeInterval = 24 * 3600
    /// Runs whose output is kept in memory before the oldest idle ones are dropped: a run
    /// that another process closed leaves its records here until then.
    static let keptRuns = 4096
    /// How long a run's records stay in memory after its last append, once `keptRuns` is reached.
    static let idleDrop: TimeInterval = 600

    /// The records published in this process, by run.
    private let published = Mutex<[String: PublishedRun]>([:])

    /// - Throws: `StoreError` when the directory cannot be made.
    init(databasePath: String) throws {
        directory = databasePath + "-live"
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw StoreError("\(directory): cannot create the live-output directory: \(String(cString: strerror(errno)))")
        }
        let cutoff = Date().addingTimeInterval(-Self.staleAfter)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] {
            let path = directory + "/" + name
            if let modified = (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
               modified < cutoff {
                unlink(path)
            }
        }
    }

    deinit {
        published.withLock { runs in
            for run in runs.values where run.file >= 0 { close(run.file) }
        }
    }

    /// Appends `text` from attempt `attempt` of activity `activityID` to the run's records, and to
    /// its file once a reader made one.
    func append(runID: String, activityID: String, attempt: Int, text: String) {
        var record: [UInt8] = []
        Self.append(UInt32(attempt), to: &record)
        Self.append(UInt32(activityID.utf8.count), to: &record)
        record.append(contentsOf: activityID.utf8)
        Self.append(UInt32(text.utf8.count), to: &record)
        record.append(contentsOf: text.utf8)
        let path = path(runID)
        let now = Date()
        published.withLock { runs in
            if runs[runID] == nil {
                if runs.count >= Self.keptRuns { Self.dropIdle(&runs, now: now) }
                runs[runID] = PublishedRun()
            }
            runs[runID]!.append(record, subscriberFile: path, now: now)
        }
    }

    /// The whole records of the run after `cursor`, and the cursor after them. A first read
    /// takes them from this process's memory when an attempt published here. Else, when
    /// `publisherMayBeElsewhere`, from the run's file, which it makes (subscribes) when it is
    /// missing; otherwise it waits for them here. Later reads keep to the source chosen.
    func read(runID: String, after cursor: LiveOutputCursor, publisherMayBeElsewhere: Bool)
        -> (chunks: [LiveChunk], cursor: LiveOutputCursor)
    {
        var cursor = cursor
        if cursor.source != .file {
            let tail = published.withLock { runs in runs[runID].map { Array($0.bytes[min(cursor.offset, $0.bytes.count)...]) } }
            if let tail {
                cursor.source = .memory
                return Self.records(in: tail, after: cursor)
            }
            if cursor.source == .memory || !publisherMayBeElsewhere { return ([], cursor) }   // closed here, or not yet
            cursor.source = .file
        }
        let fd = open(path(runID), O_RDONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return ([], cursor) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var position = off_t(cursor.offset)
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, position) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            position += off_t(count)
        }
        return Self.records(in: bytes, after: cursor)
    }

    /// Removes the run's records and file (its run closed).
    func remove(runID: String) {
        let run = published.withLock { $0.removeValue(forKey: runID) }
        if let run, run.file >= 0 { close(run.file) }
        unlink(path(runID))
    }

    /// The whole records at the start of `bytes`, which begin at `cursor`.
    private static func records(in bytes: [UInt8], after cursor: LiveOutputCursor) -> (chunks: [LiveChunk], cursor: LiveOutputCursor) {
        var chunks: [LiveChunk] = []
        var position = 0
        func uint32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        while position + 8 <= bytes.count {
            let idLength = uint32(position + 4)
            guard position + 12 + idLength <= bytes.count else { break }
            let textLength = uint32(position + 8 + idLength)
            let end = position + 12 + idLength + textLength
            guard end <= bytes.count else { break }
            chunks.append(LiveChunk(
                activityID: String(decoding: bytes[(position + 8)..<(position + 8 + idLength)], as: UTF8.self),
                attempt: uint32(position), text: String(decoding: bytes[(end - textLength)..<end], as: UTF8.self)))
            position = end
        }
        var next = cursor
        next.offset += position
        return (chunks, next)
    }

    /// Drops the runs that published nothing for `idleDrop` (their runs closed in another process).
    private static func dropIdle(_ runs: inout [String: PublishedRun], now: Date) {
        for (runID, run) in runs where now.timeIntervalSince(run.lastAppend) > idleDrop {
            if run.file >= 0 { close(run.file) }
            runs[runID] = nil
        }
    }

    /// Run IDs are the engine's time-ordered UUIDs; anything else is hex-encoded into a safe name.
    private func path(_ runID: String) -> String {
        let safe = runID.utf8.allSatisfy { $0 == UInt8(ascii: "-") || (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        return directory + "/" + (safe ? runID : runID.utf8.map { String(format: "%02x", $0) }.joined())
    }

    private static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

/// One run's records published in this process, and how far its subscriber's file has them.
private struct PublishedRun {
    var bytes: [UInt8] = []
    var lastAppend = Date()
    /// The run's file, open for appending once a reader made it; else -1.
    var file: Int32 = -1
    /// How many of `bytes` the file has.
    var inFile = 0

    /// Keeps `record`, and writes what the file lacks once a reader made the file at `path`.
    mutating func append(_ record: [UInt8], subscriberFile path: String, now: Date) {
        bytes += record
        lastAppend = now
        if file < 0 { file = open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
        guard file >= 0 else { return }
        let (start, fd) = (inFile, file)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + start, $0.count - start) }
        if written > 0 { inFile += written }
    }
}
