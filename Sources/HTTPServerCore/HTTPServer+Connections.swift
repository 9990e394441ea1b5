import CLibEvent
import Foundation

// Accepting connections and reading requests off them. Everything here runs on the loop thread.
extension HTTPServer {
    /// A new socket from the listener. Every open socket counts against the connection limit,
    /// whether or not it has sent anything; one over the limit is answered 503 and closed.
    func accepted(fd: Int32, address: UnsafeMutablePointer<sockaddr>?) {
        acceptBackoff.succeeded()
        guard let events = bufferevent_socket_new(base, fd, Int32(BEV_OPT_CLOSE_ON_FREE.rawValue)) else {
            close(fd)
            return
        }
        let id = loop.nextConnectionID
        loop.nextConnectionID += 1
        let connection = HTTPConnection(id: id, events: events, remoteAddress: Self.peerAddress(address), server: self)
        loop.connections[id] = connection
        let count = lock.withLock { connectionCount += 1; return connectionCount }
        let context = Unmanaged.passUnretained(connection).toOpaque()
        connection.deadline = event_new(base, -1, 0, { _, _, context in
            let connection = Unmanaged<HTTPConnection>.fromOpaque(context!).takeUnretainedValue()
            connection.server.deadlinePassed(connection)
        }, context)
        bufferevent_setcb(events, { _, context in
            let connection = Unmanaged<HTTPConnection>.fromOpaque(context!).takeUnretainedValue()
            connection.server.readable(connection)
        }, { _, context in
            let connection = Unmanaged<HTTPConnection>.fromOpaque(context!).takeUnretainedValue()
            connection.server.outputDrained(on: connection)
        }, { _, _, context in
            // EOF, an error or a write timeout on the socket.
            let connection = Unmanaged<HTTPConnection>.fromOpaque(context!).takeUnretainedValue()
            connection.server.closeConnection(connection)
        }, context)
        // Reading stops while this much is buffered: a client cannot make us hold more than
        // one request's worth of bytes, however much it sends ahead.
        bufferevent_setwatermark(events, Int16(EV_READ), 0, configuration.maxHeaderSize + configuration.maxBodySize + 16384)
        var writeTimeout = timeval(tv_sec: configuration.idleTimeoutSeconds, tv_usec: 0)
        bufferevent_set_timeouts(events, nil, &writeTimeout)
        bufferevent_enable(events, Int16(EV_READ | EV_WRITE))
        // Small SSE chunks must leave at once: without TCP_NODELAY, Nagle plus the client's
        // delayed ACK holds each one back up to 40 ms on a kept-alive connection.
        var on: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))

        if count > configuration.maxConnections {
            refuse(connection, HTTPParseError(503, "too many connections"))
        } else if loop.shuttingDown {
            refuse(connection, HTTPParseError(503, "the server is shutting down"))
        } else {
            connection.arm(seconds: Double(configuration.idleTimeoutSeconds))
        }
    }

    private static func peerAddress(_ address: UnsafeMutablePointer<sockaddr>?) -> String {
        guard let address, address.pointee.sa_family == sa_family_t(AF_INET) else { return "unknown" }
        return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            var raw = inet.pointee.sin_addr
            guard inet_ntop(AF_INET, &raw, &text, socklen_t(text.count)) != nil else { return "unknown" }
            return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }

    /// Bytes arrived, or a response ended: serve the requests the input holds, one after another.
    /// Iterative, not recursive: a response answered at once ends inside `advance` and calls back
    /// here, and thousands of pipelined requests must not become thousands of stack frames.
    func readable(_ connection: HTTPConnection) {
        if connection.phase == .closing {
            evbuffer_drain(connection.input, evbuffer_get_length(connection.input))
            return
        }
        guard !connection.reading else { return }   // the loop below goes on with what follows
        connection.reading = true
        defer { connection.reading = false }
        repeat {
            do throws(HTTPParseError) {
                try advance(connection)
            } catch {
                return refuse(connection, error)
            }
        } while loop.connections[connection.id] != nil && connection.phase == .idle
            && evbuffer_get_length(connection.input) > 0
    }

    private func advance(_ connection: HTTPConnection) throws(HTTPParseError) {
        let input = connection.input
        if connection.phase == .idle {
            guard evbuffer_get_length(input) > 0 else { return }
            connection.phase = .head
            connection.arm(seconds: min(configuration.headerTimeoutSeconds, Double(configuration.idleTimeoutSeconds)))
        }
        if connection.phase == .head {
            let available = min(evbuffer_get_length(input), configuration.maxHeaderSize)
            let outcome = try HTTPHeadParser.parse(
                UnsafeRawBufferPointer(start: evbuffer_pullup(input, available), count: available),
                maxSize: configuration.maxHeaderSize)
            guard case .complete(let head, let length) = outcome else { return }
            evbuffer_drain(input, length)
            connection.head = head
            connection.keepAlive = head.keepAlive
            switch head.framing {
            case .none:
                return dispatch(connection, body: [])
            case .length(let length):
                guard length <= configuration.maxBodySize else {
                    throw HTTPParseError(413, "the request body is larger than \(configuration.maxBodySize) bytes")
                }
            case .chunked:
                connection.chunkedBody = ChunkedBodyDecoder(maxBodySize: configuration.maxBodySize,
                                                            maxLineLength: configuration.maxHeaderSize)
            }
            if head.expectsContinue { connection.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
            connection.phase = .body
            connection.arm(seconds: configuration.bodyTimeoutSeconds)
        }
        guard connection.phase == .body, let head = connection.head else { return }
        if case .length(let length) = head.framing {
            guard evbuffer_get_length(input) >= length else { return }
            var body = [UInt8](repeating: 0, count: length)
            _ = body.withUnsafeMutableBytes { evbuffer_remove(input, $0.baseAddress, length) }
            return dispatch(connection, body: body)
        }
        guard var decoder = connection.chunkedBody else { return }
        let available = evbuffer_get_length(input)
        let used = try decoder.consume(UnsafeRawBufferPointer(start: evbuffer_pullup(input, available), count: available))
        evbuffer_drain(input, used)
        connection.chunkedBody = decoder
        if decoder.isComplete {
            connection.chunkedBody = nil
            dispatch(connection, body: decoder.body)
        }
    }

    /// The phase's deadline passed: an idle connection is closed; one that is still sending its
    /// request is answered 408 (a slow client holds a connection for a bounded time only).
    func deadlinePassed(_ connection: HTTPConnection) {
        switch connection.phase {
        case .idle, .closing: closeConnection(connection)
        case .head: refuse(connection, HTTPParseError(408, "the request head did not arrive in time"))
        case .body: refuse(connection, HTTPParseError(408, "the request body did not arrive in time"))
        case .dispatched: break
        }
    }

    /// Answers a request that cannot be served with `error` and closes the connection: what
    /// follows on it cannot be framed safely.
    func refuse(_ connection: HTTPConnection, _ error: HTTPParseError) {
        if let id = connection.activeRequestID {
            loop.requests.removeValue(forKey: id)
            connection.activeRequestID = nil
        }
        connection.keepAlive = false
        connection.head = nil
        connection.chunkedBody = nil
        let body = Array("{\"error\":\"\(error.reason)\"}".utf8)
        writeHead(on: connection, status: error.status, headers: ["Content-Type": "application/json"],
                  bodyLength: body.count)
        connection.write(body)
        beginClosing(connection)
    }

    /// After the last response: flush it, then shut the write side and drain what the client
    /// still sends for a moment before closing.
    func beginClosing(_ connection: HTTPConnection) {
        connection.phase = .closing
        connection.arm(seconds: Double(configuration.idleTimeoutSeconds))
        if evbuffer_get_length(connection.output) == 0 { linger(connection) }
    }

    /// The response is out: shut the write side and wait briefly for the client to close.
    func linger(_ connection: HTTPConnection) {
        guard !connection.lingering else { return }
        connection.lingering = true
        _ = Glibc.shutdown(connection.fd, Int32(SHUT_WR))
        evbuffer_drain(connection.input, evbuffer_get_length(connection.input))
        connection.arm(seconds: 2)
    }

    /// Frees the connection and, if a request is still running for it, tells its producer.
    func closeConnection(_ connection: HTTPConnection) {
        guard loop.connections.removeValue(forKey: connection.id) != nil else { return }
        lock.withLock { connectionCount -= 1 }
        if let deadline = connection.deadline { event_free(deadline) }
        connection.deadline = nil
        bufferevent_free(connection.events)
        guard let id = connection.activeRequestID, let state = loop.requests[id] else { return }
        state.connectionClosed = true
        state.writer?.markClosed()
        state.pendingResume?(false)
        state.pendingResume = nil
        if let heartbeat = state.heartbeat { event_free(heartbeat) }
        state.heartbeat = nil
        let task = lock.withLock { producers[id] }
        task?.cancel()
    }
}
