import Foundation

/// A minimal HTTP/1.1 client for tests that talks raw sockets on loopback, so tests can also
/// send malformed requests and read streamed bodies chunk by chunk. Blocking I/O runs on a
/// thread of its own, never on the cooperative pool.
public enum LoopbackHTTPClient {
    /// Sends one request on a new connection and reads the whole response.
    public static func request(
        port: Int, method: String = "GET", path: String, headers: [(String, String)] = [], body: [UInt8] = [],
        timeout: Double = 10
    ) async throws -> LoopbackHTTPResponse {
        try await onThread {
            let connection = try LoopbackConnection(port: port)
            try connection.send(encode(method: method, path: path, headers: headers, body: body))
            let reader = LoopbackResponseReader(connection: connection, timeout: timeout)
            var response = try reader.readHead()
            try reader.readBody(of: response, method: method) { response.body += $0 }
            return response
        }
    }

    /// Sends one request and yields the status line's head, then each body chunk as it arrives.
    public static func stream(
        port: Int, method: String = "POST", path: String, headers: [(String, String)] = [], body: [UInt8] = [],
        timeout: Double = 10
    ) -> AsyncThrowingStream<LoopbackStreamEvent, any Error> {
        AsyncThrowingStream { continuation in
            let thread = Thread {
                do {
                    let connection = try LoopbackConnection(port: port)
                    try connection.send(encode(method: method, path: path, headers: headers, body: body))
                    let reader = LoopbackResponseReader(connection: connection, timeout: timeout)
                    let head = try reader.readHead()
                    continuation.yield(.head(head))
                    try reader.readBody(of: head, method: method) { chunk in
                        if case .terminated = continuation.yield(.chunk(chunk)) {
                            throw CancellationError()
                        }
                    }
                    continuation.finish()
                } catch is CancellationError {
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            thread.start()
        }
    }

    /// The bytes of a request with `Host` and, for a body, `Content-Length`.
    public static func encode(method: String, path: String, headers: [(String, String)], body: [UInt8]) -> [UInt8] {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        return Array(head.utf8) + body
    }

    /// Runs blocking work on a fresh thread and returns its result.
    public static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await onDedicatedThread(work)
    }
}

/// What `LoopbackHTTPClient.stream` yields.
public enum LoopbackStreamEvent: Sendable {
    /// Status and headers (with an empty body).
    case head(LoopbackHTTPResponse)
    /// A piece of the decoded body.
    case chunk([UInt8])
}
