import Foundation

/// The baseline for the client's per-request overhead: sequential GETs on one keep-alive
/// connection with blocking POSIX calls on a thread of their own (no client library, no
/// thread hand-off), against the same server.
enum RawHTTPLatency {
    /// Microseconds per request, sorted, for `count` GETs of `path` (after 200 warm-up requests).
    static func measure(port: Int, path: String, count: Int) throws -> [Double] {
        let fd = try LoopbackSocket.connect(port: port)
        defer { close(fd) }
        var noDelay: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8)
        var buffer = [UInt8](repeating: 0, count: 4096)
        var latencies: [Double] = []
        for index in 0..<(count + 200) {
            let began = DispatchTime.now().uptimeNanoseconds
            guard request.withUnsafeBytes({ send(fd, $0.baseAddress, $0.count, 0) }) == request.count else {
                throw RawHTTPError("send() failed")
            }
            try readResponse(fd, into: &buffer)
            if index >= 200 { latencies.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1000) }
        }
        return latencies.sorted()
    }

    /// Reads one response with a Content-Length body, working on the bytes (text decoding here
    /// would add its own cost to the baseline and flatter the client).
    private static func readResponse(_ fd: Int32, into buffer: inout [UInt8]) throws {
        var received: [UInt8] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        let lengthName: [UInt8] = Array("content-length:".utf8)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { throw RawHTTPError("the server closed the connection") }
            received += buffer[0..<count]
            guard let headEnd = received.firstRange(of: separator)?.upperBound else { continue }
            var length = 0
            for line in received[..<headEnd].split(separator: 0x0A) where line.count > lengthName.count
                && zip(line, lengthName).allSatisfy({ ($0 | 0x20) == $1 || $0 == $1 }) {
                length = Int(String(decoding: line.dropFirst(lengthName.count), as: UTF8.self)
                    .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
            }
            if received.count - headEnd >= length { return }
        }
    }
}

/// A failure of the raw baseline.
struct RawHTTPError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
