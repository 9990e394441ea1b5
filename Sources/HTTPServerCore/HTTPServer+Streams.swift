import CLibEvent
import Foundation

// Chunked (SSE) responses: started, fed and ended on the loop thread, produced in a task.
extension HTTPServer {
    /// Starts a stream whose body `produce` writes in a task of its own (a responder's
    /// immediate answer; streams from `respond(to:)` are produced by the request's task).
    func startStream(_ state: RequestState, response: HTTPResponse, isEventStream: Bool,
                     produce: @escaping @Sendable (any ResponseBodyWriter) async throws -> Void) {
        let id = state.id
        let writer = StreamBodyWriter(server: self, id: id)
        beginStream(state, response: response, isEventStream: isEventStream, writer: writer)
        let task = Task { [self] in
            await runProducer(id: id, writer: writer, produce: produce)
        }
        lock.withLock { producers[id] = task }
        if loop.shuttingDown { task.cancel() }
    }

    /// Sends the status line and headers of a chunked reply and arms the SSE heartbeat.
    func beginStream(_ state: RequestState, response: HTTPResponse, isEventStream: Bool, writer: StreamBodyWriter) {
        state.isStream = true
        state.declaredLength = response.headers["Content-Length"].flatMap { Int($0) }.flatMap { $0 >= 0 ? $0 : nil }
        writeHead(on: state.connection, status: response.status, headers: response.headers, bodyLength: state.declaredLength,
                  minorVersion: state.minorVersion)
        if isEventStream, state.declaredLength == nil, configuration.streamHeartbeatSeconds > 0 {
            let context = Unmanaged.passUnretained(state.connection).toOpaque()
            state.heartbeat = event_new(base, -1, Int16(EV_PERSIST), { _, _, context in
                let connection = Unmanaged<HTTPConnection>.fromOpaque(context!).takeUnretainedValue()
                connection.server.sendHeartbeat(on: connection)
            }, context)
            var every = timeval(tv_sec: configuration.streamHeartbeatSeconds, tv_usec: 0)
            event_add(state.heartbeat, &every)
        }
        state.writer = writer
    }

    /// Runs a stream's producer (in a task, never on the loop thread), then ends the stream.
    func runProducer(id: Int, writer: StreamBodyWriter,
                     produce: @Sendable (any ResponseBodyWriter) async throws -> Void) async {
        var abort = false
        do {
            try await produce(writer)
        } catch is CancellationError {
        } catch is HTTPStreamAbort {
            abort = true
        } catch {
            logger.debug("stream \(id) ended with an error: \("\(error)".logSafe)")
        }
        writer.markClosed()
        enqueue(abort ? .abort(id: id) : .finish(id: id))
    }

    func writeChunk(id: Int, bytes: [UInt8], resume: @escaping @Sendable (Bool) -> Void) {
        guard let state = loop.requests[id], state.isStream, !state.connectionClosed else {
            resume(false)
            return
        }
        send(bytes, on: state)
        if evbuffer_get_length(state.connection.output) < configuration.streamHighWaterMark {
            resume(true)
        } else {
            state.pendingResume = resume   // resumed by `outputDrained` once the kernel took the bytes
        }
    }

    /// Writes one chunk of a streamed body (raw bytes for a declared length, or for an HTTP/1.0
    /// client, which reads to the close).
    private func send(_ bytes: [UInt8], on state: RequestState) {
        guard !bytes.isEmpty, !state.isHead else { return }
        let connection = state.connection
        if let declared = state.declaredLength {
            let allowed = bytes.prefix(max(0, declared - state.sentBytes))
            state.sentBytes += allowed.count
            return connection.write(Array(allowed))
        }
        if state.minorVersion == 0 { return connection.write(bytes) }
        connection.write(Array((String(bytes.count, radix: 16) + "\r\n").utf8))
        connection.write(bytes)
        connection.write([13, 10])
    }

    /// The connection's output buffer is empty: let a waiting writer continue, or finish closing.
    func outputDrained(on connection: HTTPConnection) {
        if connection.phase == .closing { return linger(connection) }
        guard let id = connection.activeRequestID, let state = loop.requests[id] else { return }
        let resume = state.pendingResume
        state.pendingResume = nil
        resume?(true)
    }

    func sendHeartbeat(on connection: HTTPConnection) {
        guard let id = connection.activeRequestID, let state = loop.requests[id], state.isStream, !state.connectionClosed else {
            return
        }
        send(Array(": keep-alive\n\n".utf8), on: state)
    }

    /// Closes the connection under a stream without ending the body, so the client sees a broken
    /// response instead of a complete one (after the bytes already written).
    func abortStream(id: Int) {
        guard let state = endStream(id: id), !state.connectionClosed else { return }
        closeUnfinished(state)
    }

    /// Forgets the request and closes its connection once what was written has gone out:
    /// freeing the bufferevent at once would drop that output.
    private func closeUnfinished(_ state: RequestState) {
        loop.requests.removeValue(forKey: state.id)
        let connection = state.connection
        if connection.activeRequestID == state.id { connection.activeRequestID = nil }
        connection.keepAlive = false
        beginClosing(connection)
    }

    /// Ends a streamed body with its last chunk; the connection then serves its next request.
    func finishStream(id: Int) {
        guard let state = endStream(id: id), !state.connectionClosed else { return }
        if let declared = state.declaredLength, state.sentBytes < declared, !state.isHead {
            // The body ended short of its Content-Length: only a closed connection says so.
            return closeUnfinished(state)
        }
        if state.declaredLength == nil, state.minorVersion == 1, !state.isHead {
            state.connection.write(Array("0\r\n\r\n".utf8))
        }
        responseEnded(state)
    }

    private func endStream(id: Int) -> RequestState? {
        lock.withLock { _ = producers.removeValue(forKey: id) }
        guard let state = loop.requests[id] else { return nil }
        if state.connectionClosed { loop.requests.removeValue(forKey: id) }
        state.pendingResume?(false)
        state.pendingResume = nil
        if let heartbeat = state.heartbeat { event_free(heartbeat) }
        state.heartbeat = nil
        return state
    }
}
