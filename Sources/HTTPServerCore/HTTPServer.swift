import CLibEvent
import Foundation
import Logging

/// An HTTP/1.1 server on libevent's bufferevents, running its event loop on a thread of its own.
/// It parses requests itself, strictly by RFC 9112 (`HTTPHeadParser`), and bounds what a client
/// can make it hold: connections, header and body bytes, and the time to send them.
///
/// Requests are answered by an `HTTPResponder` in Swift tasks; responses and stream chunks are
/// handed back to the loop thread, the only thread that touches libevent.
///
/// ```swift
/// let server = HTTPServer(configuration: .init(port: 8080), responder: MyResponder())
/// try server.start()
/// await server.runUntilSignal()   // SIGINT / SIGTERM: graceful shutdown, then return
/// ```
public final class HTTPServer: @unchecked Sendable {
    // @unchecked Sendable: libevent state (`base`, `listener`, `wake`, the timers, `acceptBackoff`
    // and everything in `LoopState`) is touched only on the loop thread; the outbox, producer tasks and lifecycle
    // flags are guarded by `lock`; the pointers are written once in `start()` before the thread
    // starts and freed only after it has exited.

    /// The limits and address the server was created with.
    public let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let logger: Logger

    var base: OpaquePointer?
    var listener: OpaquePointer?
    var wake: OpaquePointer?
    var ticker: OpaquePointer?
    var acceptTimer: OpaquePointer?
    let acceptBackoff = AcceptBackoff()
    /// Loop-thread state: connections, in-flight requests, streams.
    let loop = LoopState()

    let lock = NSLock()
    private var outbox: [LoopMessage] = []
    var producers: [Int: Task<Void, Never>] = [:]
    private var boundPort = 0
    var connectionCount = 0
    private var phase = Phase.idle
    private var exitWaiters: [CheckedContinuation<Void, Never>] = []

    private enum Phase { case idle, running, stopping, stopped }

    /// Creates a server; nothing is bound until `start()`.
    public init(configuration: HTTPServerConfiguration = .init(), responder: any HTTPResponder,
                logger: Logger = Logger(label: "switchboard.http")) {
        self.configuration = configuration
        self.responder = responder
        self.logger = logger
    }

    /// The bound port (the real one when the configuration asked for port 0).
    public var port: Int { lock.withLock { boundPort } }

    /// The number of client connections open now.
    public var openConnections: Int { lock.withLock { connectionCount } }

    /// Binds the listening socket and starts the loop thread. SIGPIPE is ignored from here on.
    /// - Throws: `HTTPServerError` naming the address when it cannot be bound.
    public func start() throws {
        try lock.withLock {
            guard phase == .idle else { throw HTTPServerError("the server was already started") }
            phase = .running
        }
        signal(SIGPIPE, SIG_IGN)
        LibEvent.enableThreads()
        guard let base = event_base_new() else {
            lock.withLock { phase = .stopped }
            throw HTTPServerError("libevent could not create an event base")
        }
        self.base = base
        let context = Unmanaged.passUnretained(self).toOpaque()
        wake = event_new(base, -1, 0, { _, _, context in
            Unmanaged<HTTPServer>.fromOpaque(context!).takeUnretainedValue().drainOutbox()
        }, context)
        acceptTimer = event_new(base, -1, 0, { _, _, context in
            let server = Unmanaged<HTTPServer>.fromOpaque(context!).takeUnretainedValue()
            if let listener = server.listener, !server.loop.shuttingDown { evconnlistener_enable(listener) }
        }, context)

        do {
            try bind()
        } catch {
            event_free(wake)
            event_free(acceptTimer)
            event_base_free(base)
            lock.withLock { phase = .stopped }
            throw error
        }
        let thread = Thread { [self] in
            event_base_dispatch(self.base)
            releaseLoopResources()
        }
        thread.name = "http-loop:\(port)"
        thread.start()
    }

    private func bind() throws {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(configuration.port).bigEndian)
        guard inet_pton(AF_INET, configuration.host, &address.sin_addr) == 1 else {
            throw HTTPServerError("cannot listen on \(configuration.host): not an IPv4 address")
        }
        let flags = UInt32(LEV_OPT_REUSEABLE | LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC)
        let context = Unmanaged.passUnretained(self).toOpaque()
        let listener = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                evconnlistener_new_bind(base, { _, fd, address, _, context in
                    Unmanaged<HTTPServer>.fromOpaque(context!).takeUnretainedValue().accepted(fd: Int32(fd), address: address)
                }, context, flags, Int32(max(configuration.backlog, 1024)), $0, Int32(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard let listener else {
            let reason = String(cString: strerror(errno))
            throw HTTPServerError("cannot listen on \(configuration.host):\(configuration.port): \(reason)")
        }
        evconnlistener_set_error_cb(listener) { listener, context in
            Unmanaged<HTTPServer>.fromOpaque(context!).takeUnretainedValue().acceptFailed(errno: errno)
        }
        self.listener = listener
        var bound = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &bound) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(evconnlistener_get_fd(listener), $0, &length)
            }
        }
        lock.withLock { boundPort = Int(UInt16(bigEndian: bound.sin_port)) }
    }

    /// accept() failed for a reason other than a client that left: stop accepting for a
    /// moment (see `AcceptBackoff`) and say so at most once every 10 seconds.
    private func acceptFailed(errno code: Int32) {
        guard let listener else { return }
        evconnlistener_disable(listener)
        let pause = acceptBackoff.failed()
        var delay = timeval(tv_sec: 0, tv_usec: Int(pause * 1e6))
        event_add(acceptTimer, &delay)
        if let held = acceptBackoff.throttle.admit() {
            let reason = String(cString: strerror(code))
            logger.warning("accept() failed: \(reason); not accepting for \(Int(pause * 1000)) ms (\(held) more such failures not logged, \(openConnections) connections open)")
        }
    }

    /// Stops gracefully: stops accepting, ends in-flight streams cleanly, lets pending requests
    /// finish within `shutdownGraceSeconds`, then closes every connection. Safe to call twice.
    public func shutdown() async {
        let wasRunning = lock.withLock {
            if phase == .running { phase = .stopping; return true }
            return false
        }
        if wasRunning { enqueue(.beginShutdown, force: true) }
        await withCheckedContinuation { continuation in
            let done = lock.withLock {
                if phase == .stopped || phase == .idle { return true }
                exitWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Runs until SIGINT or SIGTERM, then shuts down gracefully and returns (exit 0 from there).
    public func runUntilSignal() async {
        _ = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
        logger.info("shutting down")
        await shutdown()
    }

    // MARK: - Hand-off from any thread

    /// Queues `message` for the loop thread and wakes it. Returns false when the loop is gone.
    @discardableResult
    func enqueue(_ message: LoopMessage, force: Bool = false) -> Bool {
        let wakeNeeded: Bool? = lock.withLock {
            guard phase == .running || (phase == .stopping) || force else { return nil }
            outbox.append(message)
            return outbox.count == 1
        }
        guard let wakeNeeded else { return false }
        if wakeNeeded { event_active(wake, EV_READ, 0) }
        return true
    }

    private func drainOutbox() {
        let batch = lock.withLock { () -> [LoopMessage] in
            defer { outbox.removeAll(keepingCapacity: true) }
            return outbox
        }
        for message in batch {
            switch message {
            case .respond(let id, let response): deliver(id: id, response: response)
            case .respondStreaming(let id, let response, let writer): deliver(id: id, response: response, writer: writer)
            case .chunk(let id, let bytes, let resume): writeChunk(id: id, bytes: bytes, resume: resume)
            case .finish(let id): finishStream(id: id)
            case .abort(let id): abortStream(id: id)
            case .beginShutdown: beginShutdown()
            }
        }
    }

    // MARK: - Shutdown (loop thread)

    private func beginShutdown() {
        loop.shuttingDown = true
        if let listener { evconnlistener_disable(listener) }
        let tasks = lock.withLock { Array(producers.values) }
        for state in loop.requests.values { state.writer?.markClosed() }
        for task in tasks { task.cancel() }
        // Connections between requests close now; the others close after their response.
        for connection in loop.connections.values where connection.activeRequestID == nil {
            if connection.phase == .idle {
                closeConnection(connection)
            } else {
                refuse(connection, HTTPParseError(503, "the server is shutting down"))
            }
        }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(configuration.shutdownGraceSeconds * 1e9)
        loop.shutdownDeadline = deadline
        let context = Unmanaged.passUnretained(self).toOpaque()
        ticker = event_new(base, -1, Int16(EV_PERSIST), { _, _, context in
            Unmanaged<HTTPServer>.fromOpaque(context!).takeUnretainedValue().checkShutdownProgress()
        }, context)
        var every = timeval(tv_sec: 0, tv_usec: 20_000)
        event_add(ticker, &every)
        checkShutdownProgress()
    }

    private func checkShutdownProgress() {
        let expired = DispatchTime.now().uptimeNanoseconds >= loop.shutdownDeadline
        // The last bytes of ended responses (a stream's terminating chunk) must leave before the
        // loop frees the connections, or the client sees a cut-off response.
        let flushing = loop.connections.values.contains { $0.phase == .closing && evbuffer_get_length($0.output) > 0 }
        if (loop.requests.isEmpty && !flushing) || expired {
            if !loop.requests.isEmpty {
                logger.warning("closing \(loop.requests.count) request(s) still running after the grace period")
            }
            event_base_loopbreak(base)
        }
    }

    /// Runs on the loop thread after `event_base_dispatch` returns.
    private func releaseLoopResources() {
        let tasks = lock.withLock { () -> [Task<Void, Never>] in
            phase = .stopped
            outbox.removeAll()
            return Array(producers.values)
        }
        for task in tasks { task.cancel() }
        loop.failPendingWrites()
        if let ticker { event_free(ticker) }
        loop.freeHeartbeats()
        for connection in loop.connections.values {
            if let deadline = connection.deadline { event_free(deadline) }
            bufferevent_free(connection.events)
        }
        loop.connections.removeAll()
        lock.withLock { connectionCount = 0 }
        if let listener { evconnlistener_free(listener) }
        event_free(acceptTimer)
        event_free(wake)
        event_base_free(base)
        let waiters = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            defer { exitWaiters.removeAll() }
            return exitWaiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
