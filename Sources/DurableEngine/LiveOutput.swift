import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Text that running activities publish as they produce it (a streamed answer's chunks), for
/// whoever watches the run live, in this process or another. It is not history: nothing is
/// synced, a reader that comes late gets the result from the history, and the run's file goes
/// when the run closes.
///
/// One file per run in the directory `<history>-live`, appended with records of u32 attempt,
/// u32 activity-id length, the activity id, u32 text length and the text (little-endian).
/// An activity attempt is the only writer of its run's records while it runs.
final class LiveOutput: Sendable {
    let directory: String
    /// Files older than this are removed when a store opens: their runs closed without a
    /// worker removing them (it was killed), or are long past anyone watching live.
    static let staleAfter: TimeInterval = 24 * 3600

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

    /// Appends `text` from attempt `attempt` of activity `activityID` to the run's file.
    func append(runID: String, activityID: String, attempt: Int, text: String) {
        var record: [UInt8] = []
        Self.append(UInt32(attempt), to: &record)
        Self.append(UInt32(activityID.utf8.count), to: &record)
        record.append(contentsOf: activityID.utf8)
        Self.append(UInt32(text.utf8.count), to: &record)
        record.append(contentsOf: text.utf8)
        let fd = open(path(runID), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        _ = record.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The whole records of the run's file after byte `offset`, and the offset after them.
    func read(runID: String, after offset: Int) -> (chunks: [LiveChunk], offset: Int) {
        let fd = open(path(runID), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return ([], offset) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var position = off_t(offset)
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, position) }
            guard count > 0 else { break }
            bytes += buffer[0..<count]
            position += off_t(count)
        }
        var chunks: [LiveChunk] = []
        var cursor = 0
        func uint32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        while cursor + 8 <= bytes.count {
            let idLength = uint32(cursor + 4)
            guard cursor + 12 + idLength <= bytes.count else { break }
            let textLength = uint32(cursor + 8 + idLength)
            let end = cursor + 12 + idLength + textLength
            guard end <= bytes.count else { break }
            chunks.append(LiveChunk(
                activityID: String(decoding: bytes[(cursor + 8)..<(cursor + 8 + idLength)], as: UTF8.self),
                attempt: uint32(cursor), text: String(decoding: bytes[(end - textLength)..<end], as: UTF8.self)))
            cursor = end
        }
        return (chunks, offset + cursor)
    }

    /// Removes the run's file (its run closed).
    func remove(runID: String) {
        unlink(path(runID))
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
