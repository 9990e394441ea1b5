import Foundation

/// A WordNet file mapped into memory: a sorted file (`index.*`, `*.exc`) searched by the first
/// field of its lines, or a data file (`data.*`) read by byte offset. Mapped, not read: only
/// the pages a search touches are loaded, and unmapping the file gives them back.
struct SortedLineFile: Sendable {
    let path: String
    private let bytes: Data

    /// Maps `path`. - Throws: the file system's error when it cannot be opened.
    init(path: String) throws {
        self.path = path
        bytes = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    }

    /// The line whose first space-separated field is `key`, by binary search; nil when none is.
    /// Lines of a WordNet file are sorted by their bytes; its licence header lines start with
    /// spaces, so they sort first and never match a key.
    func line(forKey key: String) -> Substring? {
        let keyBytes = Array(key.utf8)
        return bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Substring? in
            let count = buffer.count
            var low = 0, high = count
            while low < high {
                let middle = (low + high) / 2
                var start = middle
                while start > 0 && buffer[start - 1] != 0x0A { start -= 1 }
                var end = middle
                while end < count && buffer[end] != 0x0A { end += 1 }
                switch Self.compareField(buffer, from: start, to: end, with: keyBytes) {
                case .orderedAscending: low = end + 1
                case .orderedDescending: high = start
                case .orderedSame:
                    return Substring(decoding: UnsafeRawBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self)
                }
            }
            return nil
        }
    }

    /// The line that starts at byte `offset` (how `data.*` files address their synsets).
    func line(at offset: Int) -> Substring? {
        bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) -> Substring? in
            guard offset >= 0, offset < buffer.count else { return nil }
            var end = offset
            while end < buffer.count && buffer[end] != 0x0A { end += 1 }
            return Substring(decoding: UnsafeRawBufferPointer(rebasing: buffer[offset..<end]), as: UTF8.self)
        }
    }

    /// Calls `body` with the bytes of every line, in file order.
    func forEachLine(_ body: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var start = 0
            while start < buffer.count {
                var end = start
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                body(UnsafeRawBufferPointer(rebasing: buffer[start..<end]))
                start = end + 1
            }
        }
    }

    /// Compares the line's first field (up to a space) with `key`, byte by byte.
    private static func compareField(_ buffer: UnsafeRawBufferPointer, from start: Int, to end: Int, with key: [UInt8]) -> ComparisonResult {
        var index = 0
        while true {
            let position = start + index
            let lineByte: UInt8? = position < end && buffer[position] != 0x20 ? buffer[position] : nil
            let keyByte: UInt8? = index < key.count ? key[index] : nil
            switch (lineByte, keyByte) {
            case (nil, nil): return .orderedSame
            case (nil, _): return .orderedAscending
            case (_, nil): return .orderedDescending
            case let (line?, key?):
                if line != key { return line < key ? .orderedAscending : .orderedDescending }
            }
            index += 1
        }
    }
}
