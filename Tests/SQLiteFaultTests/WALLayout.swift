import Foundation
import SQLiteSupport

/// Where a connection's next WAL frames go: a 32-byte header, then frames of a 24-byte header
/// and a page.
struct WALLayout {
    let pageSize: Int
    /// Frames already in the WAL file.
    let frames: Int

    init(_ connection: SQLiteConnection) throws {
        pageSize = try connection.query("PRAGMA page_size").first?.int(0) ?? 0
        let size = try FileManager.default.attributesOfItem(atPath: connection.path + "-wal")[.size] as? Int ?? 0
        frames = size < 32 ? 0 : (size - 32) / (24 + pageSize)
    }

    /// The offset of the `index`th frame after the ones in the file.
    func offset(ofFrame index: Int) -> Int { 32 + (frames + index) * (24 + pageSize) }

    /// A frame for page 1 with zero salts, which recovery never takes for one of SQLite's; a
    /// commit frame has a non-zero "database size after commit".
    func frame(commit: Bool) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 24 + pageSize)
        bytes[3] = 1
        if commit { bytes[7] = 1 }
        return bytes
    }
}
