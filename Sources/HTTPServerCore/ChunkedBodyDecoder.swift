/// Decodes a `Transfer-Encoding: chunked` body as its bytes arrive, strictly by RFC 9112 §7.1:
/// a chunk size is hexadecimal digits only (no `0x`, no sign, no trailing space unless an
/// extension follows), lines end in CRLF, and the body may not outgrow `maxBodySize` (413).
struct ChunkedBodyDecoder {
    private enum Stage { case size, data(remaining: Int), dataEnd, trailer, done }

    private let maxBodySize: Int
    private let maxLineLength: Int
    private var stage = Stage.size
    private var trailerBytes = 0
    /// The body decoded so far.
    private(set) var body: [UInt8] = []

    /// `maxLineLength` bounds a chunk-size line and the trailer section.
    init(maxBodySize: Int, maxLineLength: Int) {
        self.maxBodySize = maxBodySize
        self.maxLineLength = maxLineLength
    }

    /// True once the last chunk and the trailer section have been read.
    var isComplete: Bool {
        if case .done = stage { return true }
        return false
    }

    /// Consumes what it can of `bytes` and returns how many bytes it used; the caller drops
    /// those and calls again when more arrive.
    mutating func consume(_ bytes: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int {
        var position = 0
        while position < bytes.count {
            switch stage {
            case .size:
                guard let end = try HTTPSyntax.lineEnd(in: bytes, from: position) else {
                    try requireShortLine(bytes.count - position)
                    return position
                }
                let size = try Self.chunkSize(UnsafeRawBufferPointer(rebasing: bytes[position..<end]))
                guard size <= maxBodySize - body.count else {
                    throw HTTPParseError(413, "the request body is larger than \(maxBodySize) bytes")
                }
                stage = size == 0 ? .trailer : .data(remaining: size)
                position = end + 2
            case .data(let remaining):
                let take = min(remaining, bytes.count - position)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + take)]))
                position += take
                stage = take == remaining ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard bytes.count - position >= 2 else { return position }
                guard bytes[position] == HTTPSyntax.cr, bytes[position + 1] == HTTPSyntax.lf else {
                    throw HTTPParseError(400, "a chunk's data is not followed by CRLF")
                }
                position += 2
                stage = .size
            case .trailer:
                guard let end = try HTTPSyntax.lineEnd(in: bytes, from: position) else {
                    try requireShortLine(trailerBytes + bytes.count - position)
                    return position
                }
                trailerBytes += end + 2 - position
                try requireShortLine(trailerBytes)
                if end == position {
                    stage = .done
                } else if !bytes[position..<end].contains(UInt8(ascii: ":")) {
                    throw HTTPParseError(400, "a trailer line has no colon")
                }
                position = end + 2
            case .done:
                return position
            }
        }
        return position
    }

    private func requireShortLine(_ length: Int) throws(HTTPParseError) {
        if length > maxLineLength { throw HTTPParseError(400, "a chunk line or trailer is longer than \(maxLineLength) bytes") }
    }

    /// `1*HEXDIG [ BWS ";" extensions ]`; extensions are skipped but may hold no control bytes.
    static func chunkSize(_ line: UnsafeRawBufferPointer) throws(HTTPParseError) -> Int {
        var size = 0
        var index = 0
        while index < line.count, let digit = HTTPSyntax.hexValue(line[index]) {
            guard index < 15 else { throw HTTPParseError(413, "a chunk size is too large") }
            size = size << 4 | Int(digit)
            index += 1
        }
        guard index > 0 else { throw HTTPParseError(400, "a chunk size is not hexadecimal digits") }
        var rest = index
        while rest < line.count, HTTPSyntax.isWhitespace(line[rest]) { rest += 1 }
        guard rest == line.count && rest == index || rest < line.count && line[rest] == UInt8(ascii: ";") else {
            throw HTTPParseError(400, "a chunk size is followed by something other than an extension")
        }
        guard line[rest...].allSatisfy(HTTPSyntax.isFieldValueByte) else {
            throw HTTPParseError(400, "a chunk extension holds a control character")
        }
        return size
    }
}
