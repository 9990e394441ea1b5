import CLibEvent
import Foundation

// Handing complete requests to the responder and writing complete responses. Loop thread only.
extension HTTPServer {
    /// A request has arrived in full: hand it to the responder.
    func dispatch(_ connection: HTTPConnection, body: [UInt8]) {
        guard let head = connection.head else { return }
        connection.head = nil
        connection.phase = .dispatched
        connection.disarm()
        let target: HTTPRequestTarget
        do throws(HTTPParseError) {
            target = try HTTPRequestTarget(head.target)
        } catch {
            return refuse(connection, error)
        }
        let id = loop.nextRequestID
        loop.nextRequestID += 1
        let state = RequestState(id: id, connection: connection, isHead: head.method == "HEAD",
                                 minorVersion: head.minorVersion)
        loop.requests[id] = state
        connection.activeRequestID = id

        if loop.shuttingDown {
            connection.keepAlive = false
            deliver(id: id, response: HTTPResponse(status: 503, text: #"{"error":"the server is shutting down"}"#))
            return
        }
        let request = HTTPRequest(method: head.method, path: target.path, rawQuery: target.rawQuery, query: target.query,
                                  headers: head.headers, body: body, remoteAddress: connection.remoteAddress)
        if let immediate = responder.respondImmediately(to: request) {
            deliver(id: id, response: immediate)
            return
        }
        let responder = self.responder
        state.task = Task { [self] in
            let response = await responder.respond(to: request)
            guard case .stream(let produce) = response.body else {
                enqueue(.respond(id: id, response: response))
                return
            }
            // A stream: the loop starts the reply, and this task goes on to produce the body
            // (no second task, no extra hand-off before the first chunk).
            let writer = StreamBodyWriter(server: self, id: id)
            guard enqueue(.respondStreaming(id: id, response: response, writer: writer)) else { return }
            await runProducer(id: id, writer: writer, produce: produce)
        }
    }

    /// Sends `response` for request `id` (a stream starts here and continues in `writeChunk`).
    /// `writer` is given when the request's own task produces the streamed body.
    func deliver(id: Int, response: HTTPResponse, writer: StreamBodyWriter? = nil) {
        guard let state = loop.requests[id] else {
            writer?.markClosed()
            return
        }
        if state.connectionClosed {
            loop.requests.removeValue(forKey: id)
            if let writer {
                writer.markClosed()
                state.task?.cancel()
            }
            return
        }
        let connection = state.connection
        if loop.shuttingDown || response.headers["Connection"]?.lowercased() == "close" { connection.keepAlive = false }
        switch response.body {
        case .bytes(let bytes):
            writeHead(on: connection, status: response.status, headers: response.headers, bodyLength: bytes.count,
                      minorVersion: state.minorVersion)
            if !state.isHead { connection.write(bytes) }
            responseEnded(state)
        case .stream(let produce):
            let isEventStream = response.headers["Content-Type"]?.lowercased().hasPrefix("text/event-stream") ?? false
            if let writer {
                // The request's task produces the body: register it to be cancelled on disconnect.
                beginStream(state, response: response, isEventStream: isEventStream, writer: writer)
                if let task = state.task {
                    lock.withLock { producers[id] = task }
                    if loop.shuttingDown { task.cancel() }
                }
            } else {
                startStream(state, response: response, isEventStream: isEventStream, produce: produce)
            }
        }
    }

    /// The last byte of request `state`'s response is queued: serve the next request on the
    /// connection (one may already be buffered), or close it.
    func responseEnded(_ state: RequestState) {
        loop.requests.removeValue(forKey: state.id)
        let connection = state.connection
        if connection.activeRequestID == state.id { connection.activeRequestID = nil }
        guard connection.keepAlive, !loop.shuttingDown else { return beginClosing(connection) }
        connection.phase = .idle
        connection.arm(seconds: Double(configuration.idleTimeoutSeconds))
        readable(connection)
    }

    /// Writes a status line and header block. `bodyLength` nil means a streamed body: chunked
    /// for HTTP/1.1, delimited by closing the connection for HTTP/1.0.
    func writeHead(on connection: HTTPConnection, status: Int, headers: HTTPHeaders, bodyLength: Int?,
                   minorVersion: Int = 1) {
        var head = "HTTP/1.1 \(status) \(HTTPStatus.reason(status))\r\nDate: \(loop.dateHeader())\r\n"
        let mayHaveBody = status >= 200 && status != 204 && status != 304
        for (name, value) in headers {
            switch name.lowercased() {
            case "content-length", "transfer-encoding", "connection", "date": continue
            default:
                // A value with CR or LF would split the response; the responder's text is not trusted that far.
                head += "\(name): \(value.contains(where: { $0 == "\r" || $0 == "\n" }) ? value.filter { $0 != "\r" && $0 != "\n" } : value)\r\n"
            }
        }
        if mayHaveBody, headers["Content-Type"] == nil, bodyLength != 0 { head += "Content-Type: application/json\r\n" }
        if let bodyLength {
            if mayHaveBody { head += "Content-Length: \(bodyLength)\r\n" }
        } else if minorVersion == 1 {
            head += "Transfer-Encoding: chunked\r\n"
        } else {
            connection.keepAlive = false
        }
        if !connection.keepAlive {
            head += "Connection: close\r\n"
        } else if minorVersion == 0 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        connection.write(Array(head.utf8))
    }
}
