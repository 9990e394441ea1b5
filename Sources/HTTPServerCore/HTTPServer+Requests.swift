import CLibEvent
import Foundation

// Request intake and complete responses. Everything here runs on the loop thread.
extension HTTPServer {
    func handle(_ request: OpaquePointer) {
        guard let pointer = evhttp_request_get_connection(request) else { return }
        let connection = register(pointer)
        let id = loop.nextRequestID
        loop.nextRequestID += 1
        let state = RequestState(id: id, request: request, connection: connection)
        loop.requests[id] = state
        connection.activeRequestID = id

        if loop.shuttingDown {
            deliver(id: id, response: HTTPResponse(status: 503, headers: ["Connection": "close"],
                                                   text: #"{"error":"the server is shutting down"}"#))
            return
        }
        if lock.withLock({ connectionCount }) > configuration.maxConnections {
            deliver(id: id, response: HTTPResponse(status: 503, headers: ["Connection": "close"],
                                                   text: #"{"error":"too many connections"}"#))
            return
        }
        let parsed = makeRequest(request, connection: pointer)
        if let immediate = responder.respondImmediately(to: parsed) {
            deliver(id: id, response: immediate)
            return
        }
        let responder = self.responder
        state.task = Task { [self] in
            let response = await responder.respond(to: parsed)
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

    /// Finds or creates the state of a connection and (re)attaches its close callback.
    private func register(_ pointer: OpaquePointer) -> ConnectionState {
        let connection: ConnectionState
        if let known = loop.connections[pointer] {
            connection = known
        } else {
            connection = ConnectionState(pointer: pointer, server: self)
            loop.connections[pointer] = connection
            lock.withLock { connectionCount += 1 }
            // Small SSE chunks must leave at once: without TCP_NODELAY, Nagle plus the client's
            // delayed ACK holds each one back up to 40 ms on a kept-alive connection.
            if let events = evhttp_connection_get_bufferevent(pointer) {
                var on: Int32 = 1
                _ = setsockopt(bufferevent_getfd(events), Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            }
        }
        evhttp_connection_set_closecb(pointer, { _, context in
            let connection = Unmanaged<ConnectionState>.fromOpaque(context!).takeUnretainedValue()
            connection.server.connectionClosed(connection)
        }, Unmanaged.passUnretained(connection).toOpaque())
        return connection
    }

    /// The client closed the connection (or it timed out): cancel what is still producing for it.
    func connectionClosed(_ connection: ConnectionState) {
        guard loop.connections.removeValue(forKey: connection.pointer) != nil else { return }
        lock.withLock { connectionCount -= 1 }
        guard let id = connection.activeRequestID, let state = loop.requests[id] else { return }
        state.connectionClosed = true
        if state.isStream {
            state.writer?.markClosed()
            state.pendingResume?(false)
            state.pendingResume = nil
            if let heartbeat = state.heartbeat { event_free(heartbeat) }
            state.heartbeat = nil
            let task = lock.withLock { producers[id] }
            task?.cancel()
        }
    }

    /// Sends `response` for request `id` (a stream starts here and continues in `writeChunk`).
    /// `writer` is given when the request's own task produces the streamed body.
    func deliver(id: Int, response: HTTPResponse, writer: StreamBodyWriter? = nil) {
        guard let state = loop.requests[id] else {
            writer?.markClosed()
            return
        }
        let request = state.request
        if state.connectionClosed {
            // libevent detached the request when the client left; a reply call frees it.
            loop.requests.removeValue(forKey: id)
            evhttp_send_reply(request, Int32(response.status), nil, nil)
            if let writer {
                writer.markClosed()
                state.task?.cancel()
            }
            return
        }
        let headers = evhttp_request_get_output_headers(request)
        for (name, value) in response.headers {
            evhttp_add_header(headers, name, value)
        }
        if loop.shuttingDown, response.headers["Connection"] == nil {
            evhttp_add_header(headers, "Connection", "close")
        }
        switch response.body {
        case .bytes(let bytes):
            loop.requests.removeValue(forKey: id)
            state.connection.activeRequestID = nil
            let buffer = evbuffer_new()
            bytes.withUnsafeBytes { _ = evbuffer_add(buffer, $0.baseAddress, $0.count) }
            evhttp_send_reply(request, Int32(response.status), HTTPStatus.reason(response.status), buffer)
            evbuffer_free(buffer)
        case .stream(let produce):
            let isEventStream = isEventStream(response.headers)
            if let writer {
                // The request's task produces the body: register it to be cancelled on disconnect.
                beginStream(state, status: response.status, isEventStream: isEventStream, writer: writer)
                if let task = state.task {
                    lock.withLock { producers[id] = task }
                    if loop.shuttingDown { task.cancel() }
                }
            } else {
                startStream(state, status: response.status, isEventStream: isEventStream, produce: produce)
            }
        }
    }

    private func isEventStream(_ headers: HTTPHeaders) -> Bool {
        headers["Content-Type"]?.lowercased().hasPrefix("text/event-stream") ?? false
    }

    /// Copies what the responder needs out of libevent's request.
    private func makeRequest(_ request: OpaquePointer, connection: OpaquePointer) -> HTTPRequest {
        let uri = evhttp_request_get_evhttp_uri(request)
        let rawPath = evhttp_uri_get_path(uri).map { String(cString: $0) } ?? "/"
        let rawQuery = evhttp_uri_get_query(uri).map { String(cString: $0) } ?? ""
        var path = rawPath
        if let decoded = evhttp_uridecode(rawPath, 0, nil) {
            path = String(cString: decoded)
            free(decoded)
        }
        var query: [String: String] = [:]
        if !rawQuery.isEmpty {
            var pairs = evkeyvalq()
            if evhttp_parse_query_str(rawQuery, &pairs) == 0 {
                forEach(&pairs) { query[$0] = $1 }
            }
            evhttp_clear_headers(&pairs)
        }
        var headers = HTTPHeaders()
        if let input = evhttp_request_get_input_headers(request) {
            forEach(input) { headers.add($0, $1) }
        }
        let buffer = evhttp_request_get_input_buffer(request)
        var body = [UInt8](repeating: 0, count: evbuffer_get_length(buffer))
        if !body.isEmpty {
            _ = body.withUnsafeMutableBytes { evbuffer_copyout(buffer, $0.baseAddress, $0.count) }
        }
        var address: UnsafeMutablePointer<CChar>?
        var port: UInt16 = 0
        evhttp_connection_get_peer(connection, &address, &port)
        return HTTPRequest(
            method: methodName(evhttp_request_get_command(request)), path: path, rawQuery: rawQuery, query: query,
            headers: headers, body: body, remoteAddress: address.map { String(cString: $0) } ?? "unknown")
    }

    private func forEach(_ list: UnsafeMutablePointer<evkeyvalq>, _ body: (String, String) -> Void) {
        var entry = list.pointee.tqh_first
        while let current = entry {
            if let key = current.pointee.key, let value = current.pointee.value {
                body(String(cString: key), String(cString: value))
            }
            entry = current.pointee.next.tqe_next
        }
    }

    private func methodName(_ command: evhttp_cmd_type) -> String {
        switch command {
        case EVHTTP_REQ_GET: "GET"
        case EVHTTP_REQ_POST: "POST"
        case EVHTTP_REQ_HEAD: "HEAD"
        case EVHTTP_REQ_PUT: "PUT"
        case EVHTTP_REQ_DELETE: "DELETE"
        case EVHTTP_REQ_OPTIONS: "OPTIONS"
        case EVHTTP_REQ_PATCH: "PATCH"
        case EVHTTP_REQ_TRACE: "TRACE"
        case EVHTTP_REQ_CONNECT: "CONNECT"
        default: "UNKNOWN"
        }
    }
}
