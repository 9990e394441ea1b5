import CLibEvent
import Foundation

// Chunked (SSE) responses: started, fed and ended on the loop thread, produced in a task.
extension HTTPServer {
    /// Starts a stream whose body `produce` writes in a task of its own (a responder's
    /// immediate answer; streams from `respond(to:)` are produced by the request's task).
    func startStream(_ state: RequestState, status: Int, isEventStream: Bool,
                     produce: @escaping @Sendable (any ResponseBodyWriter) async throws -> Void) {
        let id = state.id
        let writer = StreamBodyWriter(server: self, id: id)
        beginStream(state, status: status, isEventStream: isEventStream, writer: writer)
        let task = Task { [self] in
            await runProducer(id: id, writer: writer, produce: produce)
        }
        lock.withLock { producers[id] = task }
        if loop.shuttingDown { task.cancel() }
    }

    /// Sends the status line and headers of a chunked reply and arms the SSE heartbeat.
    func beginStream(_ state: RequestState, status: Int, isEventStream: Bool, writer: StreamBodyWriter) {
        state.isStream = true
        evhttp_send_reply_start(state.request, Int32(status), HTTPStatus.reason(status))
        if isEventStream, configuration.streamHeartbeatSeconds > 0 {
            let context = Unmanaged.passUnretained(state.connection).toOpaque()
            state.heartbeat = event_new(base, -1, Int16(EV_PERSIST), { _, _, context in
                let connection = Unmanaged<ConnectionState>.fromOpaque(context!).takeUnretainedValue()
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
            logger.debug("stream \(id) ended with an error: \(error)")
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
        let connection = evhttp_request_get_connection(state.request)
        let queued = connection.map { evbuffer_get_length(bufferevent_get_output(evhttp_connection_get_bufferevent($0))) } ?? 0
        if queued < configuration.streamHighWaterMark {
            resume(true)
        } else {
            state.pendingResume = resume   // resumed by `outputDrained` once the kernel took the bytes
        }
    }

    private func send(_ bytes: [UInt8], on state: RequestState) {
        let buffer = evbuffer_new()
        bytes.withUnsafeBytes { _ = evbuffer_add(buffer, $0.baseAddress, $0.count) }
        evhttp_send_reply_chunk_with_cb(state.request, buffer, { _, context in
            let connection = Unmanaged<ConnectionState>.fromOpaque(context!).takeUnretainedValue()
            connection.server.outputDrained(on: connection)
        }, Unmanaged.passUnretained(state.connection).toOpaque())
        evbuffer_free(buffer)
    }

    /// libevent flushed a connection's output buffer: let a waiting writer continue.
    func outputDrained(on connection: ConnectionState) {
        guard let id = connection.activeRequestID, let state = loop.requests[id] else { return }
        let resume = state.pendingResume
        state.pendingResume = nil
        resume?(true)
    }

    func sendHeartbeat(on connection: ConnectionState) {
        guard let id = connection.activeRequestID, let state = loop.requests[id], !state.connectionClosed else { return }
        send(Array(": keep-alive\n\n".utf8), on: state)
    }

    /// Shuts the socket down under a stream so the client sees a broken connection, then frees the request.
    func abortStream(id: Int) {
        if let state = loop.requests[id], !state.connectionClosed, let connection = evhttp_request_get_connection(state.request),
           let events = evhttp_connection_get_bufferevent(connection) {
            _ = Glibc.shutdown(bufferevent_getfd(events), Int32(SHUT_RDWR))
        }
        finishStream(id: id)
    }

    func finishStream(id: Int) {
        lock.withLock { _ = producers.removeValue(forKey: id) }
        guard let state = loop.requests.removeValue(forKey: id) else { return }
        state.pendingResume?(false)
        state.pendingResume = nil
        if let heartbeat = state.heartbeat { event_free(heartbeat) }
        state.heartbeat = nil
        if state.connection.activeRequestID == id { state.connection.activeRequestID = nil }
        // Writes the terminating chunk; on a connection the client already closed it frees the request.
        evhttp_send_reply_end(state.request)
    }
}
