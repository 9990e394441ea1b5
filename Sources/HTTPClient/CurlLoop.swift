import CCurl
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The client's one loop thread: a libcurl multi handle driven by `curl_multi_socket_action`
/// from epoll, with an eventfd to wake it when a transfer is queued or cancelled.
///
/// `@unchecked Sendable`: other threads only touch `commands` (a mutex) and write to the
/// eventfd under it; the multi handle, the epoll set, the timer and `active` belong to the loop thread
/// alone (libcurl: one multi handle and its easy handles belong to one thread).
final class CurlLoop: @unchecked Sendable {
    private enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        case shutdown
    }

    private let multi: UnsafeMutableRawPointer
    private let epollFD: Int32
    private let wakeFD: Int32
    /// Commands for the loop thread; `closed` once it has gone and closed its descriptors.
    private struct Commands {
        var pending: [Command] = []
        var closed = false
    }

    private let commands = Mutex(Commands())
    private let configuration: HTTPClientConfiguration

    // Loop thread only.
    private var active: [ObjectIdentifier: CurlTransfer] = [:]
    private var watched: Set<Int32> = []
    private var timerDeadline: UInt64?
    private var running = true

    init(configuration: HTTPClientConfiguration) {
        // Opens libcurl and runs curl_global_init, once per process, before the first handle.
        var reason = [CChar](repeating: 0, count: 512)
        if ccurl_load(&reason, reason.count) != 0 {
            // An installation problem, not a request's: say what is missing and stop.
            let message = String(decoding: reason.prefix { $0 != 0 }.map(UInt8.init(bitPattern:)), as: UTF8.self)
            FileHandle.standardError.write(Data("switchboard: \(message)\n".utf8))
            exit(70)   // EX_SOFTWARE
        }
        self.configuration = configuration
        multi = ccurl_multi_init()
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        precondition(epollFD >= 0 && wakeFD >= 0, "epoll/eventfd unavailable: errno \(errno)")
        var event = epoll_event()
        event.events = EPOLLIN.rawValue
        event.data.fd = wakeFD
        epoll_ctl(epollFD, EPOLL_CTL_ADD, wakeFD, &event)

        if configuration.maxConnectionsPerHost > 0 {
            _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        }
        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = ccurl_multi_setopt_ptr(multi, CURLMOPT_SOCKETDATA, context)
        _ = ccurl_multi_setopt_socketfn(multi) { _, fd, what, context, _ in
            Unmanaged<CurlLoop>.fromOpaque(context!).takeUnretainedValue().watch(fd, what)
            return 0
        }
        _ = ccurl_multi_setopt_ptr(multi, CURLMOPT_TIMERDATA, context)
        _ = ccurl_multi_setopt_timerfn(multi) { _, ms, context in
            Unmanaged<CurlLoop>.fromOpaque(context!).takeUnretainedValue().setTimer(ms)
            return 0
        }
    }

    /// Starts the loop thread. The thread keeps the loop alive until `shutdown()`.
    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "http-client"   // at most 15 characters: Linux drops longer thread names
        thread.stackSize = 1 << 20
        thread.start()
    }

    // MARK: - Any thread

    func submit(_ transfer: CurlTransfer) {
        enqueue(.add(transfer))
    }

    func cancel(_ transfer: CurlTransfer) {
        guard !transfer.finished.load(ordering: .acquiring) else { return }
        guard !transfer.cancelRequested.exchange(true, ordering: .acquiringAndReleasing) else { return }
        enqueue(.cancel(transfer))
    }

    /// Stops the loop: transfers still running fail with `.shutDown`.
    func shutdown() {
        enqueue(.shutdown)
    }

    /// Queues `command` and wakes the loop. The eventfd is written under the lock the loop takes
    /// before it closes it: after the loop has gone, its number may belong to someone's socket,
    /// and 8 bytes written there would corrupt that connection.
    private func enqueue(_ command: Command) {
        let accepted = commands.withLock { commands -> Bool in
            guard !commands.closed else { return false }
            commands.pending.append(command)
            var one: UInt64 = 1
            _ = write(wakeFD, &one, 8)
            return true
        }
        if !accepted, case .add(let transfer) = command { transfer.fail(.shutDown) }
    }

    // MARK: - Loop thread

    private func run() {
        // Name the thread for top -H and /proc (Foundation's Thread.name does not reach the kernel here).
        try? "http-client".write(toFile: "/proc/thread-self/comm", atomically: false, encoding: .utf8)
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while running {
            let count = epoll_wait(epollFD, &events, Int32(events.count), timeoutMilliseconds())
            if count > 0 {
                for i in 0..<Int(count) {
                    let fd = events[i].data.fd
                    if fd == wakeFD {
                        var value: UInt64 = 0
                        _ = read(wakeFD, &value, 8)
                        processCommands()
                    } else {
                        let flags = events[i].events
                        var mask: Int32 = 0
                        if flags & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLRDHUP.rawValue) != 0 { mask |= CURL_CSELECT_IN }
                        if flags & EPOLLOUT.rawValue != 0 { mask |= CURL_CSELECT_OUT }
                        if flags & EPOLLERR.rawValue != 0 { mask |= CURL_CSELECT_ERR }
                        var stillRunning: Int32 = 0
                        _ = ccurl_multi_socket_action(multi, fd, mask, &stillRunning)
                    }
                }
            }
            if let deadline = timerDeadline, monotonicNanoseconds() >= deadline {
                timerDeadline = nil
                var stillRunning: Int32 = 0
                _ = ccurl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &stillRunning)
            }
            reapFinished()
        }
        for transfer in active.values {
            detach(transfer)
            transfer.fail(.shutDown)
        }
        active.removeAll()
        ccurl_multi_cleanup(multi)
        let late = commands.withLock { commands -> [Command] in
            commands.closed = true
            defer { commands.pending.removeAll() }
            return commands.pending
        }
        for case .add(let transfer) in late { transfer.fail(.shutDown) }
        close(epollFD)
        close(wakeFD)
    }

    private func timeoutMilliseconds() -> Int32 {
        guard let deadline = timerDeadline else { return -1 }
        let now = monotonicNanoseconds()
        if deadline <= now { return 0 }
        return Int32(min((deadline - now + 999_999) / 1_000_000, 60_000))
    }

    private func processCommands() {
        let pending = commands.withLock { commands in
            defer { commands.pending.removeAll(keepingCapacity: true) }
            return commands.pending
        }
        for command in pending {
            switch command {
            case .add(let transfer):
                if transfer.cancelRequested.load(ordering: .acquiring) {
                    transfer.fail(.cancelled)
                } else if !running {
                    transfer.fail(.shutDown)
                } else {
                    start(transfer)
                }
            case .cancel(let transfer):
                if active.removeValue(forKey: ObjectIdentifier(transfer)) != nil {
                    detach(transfer)
                    transfer.fail(.cancelled)
                }
            case .shutdown:
                running = false
            }
        }
    }

    private func start(_ transfer: CurlTransfer) {
        guard let easy = ccurl_easy_init() else {
            transfer.fail(.other(code: Int(CURLE_FAILED_INIT.rawValue), message: "curl_easy_init failed"))
            return
        }
        transfer.easy = easy
        weak let weakTransfer = transfer
        transfer.onConsumerGone = { [weak self] in
            if let self, let transfer = weakTransfer { self.cancel(transfer) }
        }
        CurlRequestSetup.configure(easy, for: transfer, defaults: configuration)
        let code = ccurl_multi_add_handle(multi, easy)
        guard code == CURLM_OK else {
            detach(transfer)
            transfer.fail(.other(code: Int(code.rawValue), message: String(cString: ccurl_multi_strerror(code))))
            return
        }
        active[ObjectIdentifier(transfer)] = transfer
    }

    /// Removes the easy handle from the multi handle and frees it.
    private func detach(_ transfer: CurlTransfer) {
        guard let easy = transfer.easy else { return }
        ccurl_multi_remove_handle(multi, easy)
        ccurl_easy_cleanup(easy)
        transfer.easy = nil
    }

    private func reapFinished() {
        var left: Int32 = 0
        while let message = ccurl_multi_info_read(multi, &left) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let result = message.pointee.data.result
            var privatePointer: UnsafeMutableRawPointer?
            _ = ccurl_easy_getinfo_ptr(easy, CURLINFO_PRIVATE, &privatePointer)
            guard let privatePointer else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(privatePointer).takeUnretainedValue()
            var connectTime = 0.0
            _ = ccurl_easy_getinfo_double(easy, CURLINFO_CONNECT_TIME, &connectTime)
            var code = 0
            _ = ccurl_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
            active.removeValue(forKey: ObjectIdentifier(transfer))
            detach(transfer)
            if result == CURLE_OK {
                if code > 0 { transfer.status = code }
                transfer.succeed()
            } else {
                transfer.fail(CurlErrorMapping.error(
                    for: result, transfer: transfer, connected: connectTime > 0 || code > 0))
            }
        }
    }

    private func watch(_ fd: curl_socket_t, _ what: Int32) {
        if what == CURL_POLL_REMOVE {
            if watched.remove(fd) != nil { epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil) }
            return
        }
        var event = epoll_event()
        var flags: UInt32 = 0
        if what & CURL_POLL_IN != 0 { flags |= EPOLLIN.rawValue | EPOLLRDHUP.rawValue }
        if what & CURL_POLL_OUT != 0 { flags |= EPOLLOUT.rawValue }
        event.events = flags
        event.data.fd = fd
        if watched.contains(fd) {
            if epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event) != 0, errno == ENOENT {
                epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event)
            }
        } else {
            watched.insert(fd)
            if epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) != 0, errno == EEXIST {
                epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
            }
        }
    }

    private func setTimer(_ milliseconds: Int) {
        timerDeadline = milliseconds < 0 ? nil : monotonicNanoseconds() + UInt64(milliseconds) * 1_000_000
    }
}

/// CLOCK_MONOTONIC in nanoseconds.
func monotonicNanoseconds() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}
