import Foundation

/// Reads one HTTP/1.1 response from a `LoopbackConnection`: head, then a body framed by
/// Content-Length, chunked encoding, or the connection closing.
public final class LoopbackResponseReader {
    private let connection: LoopbackConnection
    private let timeout: Double
    private var buffer: [UInt8] = []

    public init(connection: LoopbackConnection, timeout: Double) {
        self.connection = connection
        self.timeout = timeout
    }

    /// Reads the status line and headers.
    public func readHead() throws -> LoopbackHTTPResponse {
        let head = try readUntil([13, 10, 13, 10])
        let lines = String(decoding: head, as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else {
            throw LoopbackError("bad status line: \(lines[0])")
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return LoopbackHTTPResponse(status: status, headers: headers, body: [])
    }

    /// Reads the body, handing each decoded piece to `onChunk` as it arrives.
    public func readBody(of head: LoopbackHTTPResponse, method: String, onChunk: ([UInt8]) throws -> Void) throws {
        if method == "HEAD" || head.status == 304 || head.status == 204 { return }
        if head.headers["transfer-encoding"]?.lowercased() == "chunked" {
            while true {
                let sizeLine = String(decoding: try readUntil([13, 10]), as: UTF8.self)
                guard let size = Int(sizeLine.split(separator: ";")[0], radix: 16) else {
                    throw LoopbackError("bad chunk size line: \(sizeLine)")
                }
                if size == 0 {
                    _ = try readUntil([13, 10])
                    return
                }
                try onChunk(try readExactly(size))
                _ = try readExactly(2)
            }
        } else if let length = head.headers["content-length"].flatMap(Int.init) {
            if length > 0 { try onChunk(try readExactly(length)) }
        } else {
            if !buffer.isEmpty { try onChunk(buffer); buffer.removeAll() }
            while true {
                let bytes = try connection.receive(timeout: timeout)
                if bytes.isEmpty { return }
                try onChunk(bytes)
            }
        }
    }

    private func fill() throws {
        let bytes = try connection.receive(timeout: timeout)
        if bytes.isEmpty { throw LoopbackError("connection closed by the server") }
        buffer += bytes
    }

    private func readUntil(_ delimiter: [UInt8]) throws -> [UInt8] {
        while true {
            if let range = firstRange(of: delimiter) {
                let head = Array(buffer[..<range.lowerBound])
                buffer.removeSubrange(..<range.upperBound)
                return head
            }
            try fill()
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count { try fill() }
        let bytes = Array(buffer[..<count])
        buffer.removeSubrange(..<count)
        return bytes
    }

    private func firstRange(of delimiter: [UInt8]) -> Range<Int>? {
        guard buffer.count >= delimiter.count else { return nil }
        for start in 0...(buffer.count - delimiter.count) where buffer[start] == delimiter[0] {
            if Array(buffer[start..<(start + delimiter.count)]) == delimiter { return start..<(start + delimiter.count) }
        }
        return nil
    }
}
