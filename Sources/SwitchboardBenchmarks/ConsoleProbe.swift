import Foundation
import Synchronization

/// Blocking loopback requests for the console benchmark: the time to a response's first byte
/// and to its end on a new connection (as a script or a browser's first request sees it), and
/// an event stream read on a thread of its own.
enum ConsoleProbe {
    /// Seconds to the first byte and to the end of `GET path`.
    static func firstByte(port: Int, path: String) throws -> (firstByte: Double, total: Double) {
        let began = DispatchTime.now().uptimeNanoseconds
        let fd = try LoopbackSocket.connect(port: port)
        defer { close(fd) }
        try LoopbackSocket.send(fd, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var first: UInt64?
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            if first == nil { first = DispatchTime.now().uptimeNanoseconds }
        }
        let end = DispatchTime.now().uptimeNanoseconds
        guard let first else { throw BenchmarkError(message: "no response to GET \(path)") }
        return (Double(first - began) / 1e9, Double(end - began) / 1e9)
    }

    /// An SSE response read on its own thread; counts `event: changed` and notes when the last
    /// one arrived.
    final class EventStream: Sendable {
        private let state = Mutex((changes: 0, last: UInt64(0)))
        private let fd: Int32

        init(port: Int, path: String) throws {
            fd = try LoopbackSocket.connect(port: port)
            try LoopbackSocket.send(fd, "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            let fd = fd
            Thread { [self] in
                var buffer = [UInt8](repeating: 0, count: 16_384)
                let marker = Array("event: changed".utf8)
                while true {
                    let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if count <= 0 { return }
                    let now = DispatchTime.now().uptimeNanoseconds
                    let found = buffer[0..<count].ranges(of: marker).count
                    if found > 0 { state.withLock { $0 = ($0.changes + found, now) } }
                }
            }.start()
        }

        deinit { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

        var changes: Int { state.withLock { $0.changes } }
        var lastChangeNanoseconds: UInt64 { state.withLock { $0.last } }

        /// Waits (polling every 0.2 ms, up to 10 s) until `count` changes have arrived.
        func waitForChanges(_ count: Int) throws {
            let deadline = Date().addingTimeInterval(10)
            while changes < count {
                guard Date() < deadline else { throw BenchmarkError(message: "no live update within 10 s") }
                usleep(200)
            }
        }
    }
}
