import Foundation

/// A blocking TCP connection to 127.0.0.1 for tests: raw bytes in, raw bytes out, every read
/// bounded by a timeout so a test never hangs. Use it from a dedicated thread
/// (`LoopbackHTTPClient` does), never from the cooperative pool.
public final class LoopbackConnection: @unchecked Sendable {
    // @unchecked Sendable: used by one thread at a time (the caller hands it over); `fd` is fixed.
    public let fd: Int32

    /// Connects to `127.0.0.1:port`.
    public init(port: Int) throws {
        // The socket is made and connected before `fd` is set: a class initializer that throws
        // once every property is set runs `deinit`, which would close the descriptor a second
        // time, by then perhaps another thread's.
        fd = try Self.connectedSocket(port: port)
    }

    private static func connectedSocket(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw LoopbackError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LoopbackError("connect to 127.0.0.1:\(port) failed: \(reason)")
        }
        return fd
    }

    deinit { close(fd) }

    /// Writes all of `bytes`.
    public func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw LoopbackError("send failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
    }

    /// Reads what is available, waiting up to `timeout` seconds; empty means the peer closed (or
    /// reset) the connection. A signal (the test process starts and stops children) interrupts
    /// neither the wait nor the read: `EINTR` is retried.
    /// - Throws: `LoopbackError` on timeout.
    public func receive(timeout: Double, maxBytes: Int = 65536) throws -> [UInt8] {
        let deadline = Date().addingTimeInterval(timeout)
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var ready: Int32
        repeat {
            ready = poll(&poller, 1, Int32(max(0, deadline.timeIntervalSinceNow) * 1000))
        } while ready < 0 && errno == EINTR
        guard ready > 0 else { throw LoopbackError("no data within \(timeout) s") }
        var buffer = [UInt8](repeating: 0, count: maxBytes)
        var count: Int
        repeat {
            count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        } while count < 0 && errno == EINTR
        if count == 0 || (count < 0 && errno == ECONNRESET) { return [] }   // closed, or reset: the peer is gone
        if count < 0 { throw LoopbackError("recv failed: \(String(cString: strerror(errno)))") }
        return Array(buffer[0..<count])
    }

    /// True when the peer has closed the connection within `timeout` seconds.
    public func waitForClose(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard let bytes = try? receive(timeout: max(0.01, deadline.timeIntervalSinceNow)) else { return false }
            if bytes.isEmpty { return true }
        }
        return false
    }

    /// Everything the peer sends until it closes the connection, or nil if it is still open
    /// after `timeout` seconds.
    public func readToClose(timeout: Double) -> [UInt8]? {
        let deadline = Date().addingTimeInterval(timeout)
        var received: [UInt8] = []
        while Date() < deadline {
            guard let bytes = try? receive(timeout: max(0.01, deadline.timeIntervalSinceNow)) else { return nil }
            if bytes.isEmpty { return received }
            received += bytes
        }
        return nil
    }
}

/// A loopback test client failed; the message says how.
public struct LoopbackError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
