import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells the other processes on the same history file, within about a millisecond, that this
/// one committed something they may be waiting for (new work, a closed run), so their workers
/// and clients look now instead of at their next poll.
///
/// Each process owns one file in the directory `<history>-wakeup`, named after its pid, and
/// pokes it by writing one byte to it. Each process that waits watches, with inotify from a
/// thread of its own, the other processes' files and the directory (for new ones); never its
/// own, so its own pokes do not wake it. Why this and not sockets: there
/// is no registry to keep, so a process that died without unregistering costs nothing (its file
/// is removed by the next process to start); the kernel queues an event that arrives between a
/// check and a sleep, since the watch is set up before the first check and never removed; and a
/// burst of pokes coalesces into one wake per watcher. The price is that a wake carries no
/// detail: a waiting client reads its run's status again, a worker tries to claim.
final class CrossProcessWakeup: @unchecked Sendable {
    // @unchecked Sendable: `ownFD`, `directory` and `ownName` are set once in init; the watcher
    // state (`stopFD`, `watching`) is guarded by `lock`.
    private let directory: String
    private let ownName: String
    private let ownFD: Int32
    private let lock = NSLock()
    /// The write end of the pipe that stops the watcher thread.
    private var stopFD: Int32 = -1
    private var watching = false

    /// Sets up this process's file.
    /// - Throws: `StoreError` when the directory cannot be made or written (the store then
    ///   works by polling alone).
    init(databasePath: String) throws {
        directory = databasePath + "-wakeup"
        if mkdir(directory, 0o755) != 0 && errno != EEXIST {
            throw StoreError("\(directory): cannot create the wake-up directory: \(String(cString: strerror(errno)))")
        }
        Self.removeFilesOfDeadProcesses(in: directory)
        // Made before the last property is set: a throw after that would run `deinit`.
        let name = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(directory + "/" + name, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw StoreError("\(directory): cannot create this process's wake-up file: \(String(cString: strerror(errno)))")
        }
        ownName = name
        ownFD = fd
    }

    deinit {
        stopWatching()
        close(ownFD)
        unlink(directory + "/" + ownName)
    }

    /// Wakes the processes watching this history file (not this one). About a microsecond.
    func poke() {
        var byte: UInt8 = 1
        _ = pwrite(ownFD, &byte, 1, 0)
    }

    /// Calls `handler` on a thread of its own whenever another process pokes, from now until
    /// this object goes. Calling it again does nothing.
    /// - Throws: `StoreError` when inotify cannot be set up (the caller then keeps polling).
    func startWatching(_ handler: @escaping @Sendable () -> Void) throws {
        try lock.withLock {
            guard !watching else { return }
            // The directory for new processes' files first, then the files already there: a
            // file created in between is reported by the directory's watch.
            let watchFD = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard watchFD >= 0, inotify_add_watch(watchFD, directory, UInt32(IN_CREATE)) >= 0 else {
                let reason = String(cString: strerror(errno))
                if watchFD >= 0 { close(watchFD) }
                throw StoreError("\(directory): cannot watch for wake-ups: \(reason)")
            }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name != ownName {
                _ = inotify_add_watch(watchFD, directory + "/" + name, UInt32(IN_MODIFY))
            }
            var pipeFDs: [Int32] = [-1, -1]
            guard pipe(&pipeFDs) == 0 else {
                close(watchFD)
                throw StoreError("\(directory): cannot watch for wake-ups: \(String(cString: strerror(errno)))")
            }
            for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            stopFD = pipeFDs[1]
            watching = true
            let (directory, ownName, stopped) = (self.directory, self.ownName, pipeFDs[0])
            let thread = Thread {
                Self.watch(watchFD: watchFD, stopFD: stopped, directory: directory, ignoring: ownName, handler: handler)
            }
            thread.name = "switchboard-wakeup"
            thread.start()
        }
    }

    /// Ends the watcher thread; it closes its descriptors on the way out.
    private func stopWatching() {
        lock.withLock {
            guard watching else { return }
            var one: UInt8 = 1
            _ = write(stopFD, &one, 1)
            close(stopFD)
            watching = false
        }
    }

    /// The watcher thread: sleeps in poll until a poke or the stop (`stopFD`, the pipe's read
    /// end, readable), drains the queued events, watches the files of processes that appeared,
    /// and calls `handler` once per batch. This process's own file is never watched, so its own
    /// pokes cost it nothing.
    private static func watch(watchFD: Int32, stopFD: Int32, directory: String, ignoring ownName: String,
                              handler: @Sendable () -> Void) {
        defer {
            close(watchFD)
            close(stopFD)
        }
        let own = Array(ownName.utf8)
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var fds = [pollfd(fd: watchFD, events: Int16(POLLIN), revents: 0), pollfd(fd: stopFD, events: Int16(POLLIN), revents: 0)]
        while true {
            let ready = poll(&fds, 2, -1)
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 || fds[1].revents != 0 { return }
            var woken = false
            while true {
                let count = buffer.withUnsafeMutableBytes { read(watchFD, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                for (mask, name) in events(buffer[0..<count]) {
                    if mask & UInt32(IN_CREATE) != 0 {
                        guard !name.elementsEqual(own) else { continue }
                        _ = inotify_add_watch(watchFD, directory + "/" + String(decoding: name, as: UTF8.self), UInt32(IN_MODIFY))
                    }
                    // A poke, a new process (which may have poked before it was watched), or an
                    // overflow, after which anything may have happened.
                    if mask & UInt32(IN_MODIFY | IN_CREATE | IN_Q_OVERFLOW) != 0 { woken = true }
                }
            }
            if woken { handler() }
        }
    }

    /// The mask and file name (empty for a watched file's own events) of each event in a batch.
    private static func events(_ batch: ArraySlice<UInt8>) -> [(mask: UInt32, name: ArraySlice<UInt8>)] {
        let header = MemoryLayout<inotify_event>.size
        var events: [(mask: UInt32, name: ArraySlice<UInt8>)] = []
        var offset = batch.startIndex
        while offset + header <= batch.endIndex {
            let (mask, length) = batch.withUnsafeBytes { raw -> (UInt32, Int) in
                let event = raw.loadUnaligned(fromByteOffset: offset - batch.startIndex, as: inotify_event.self)
                return (event.mask, Int(event.len))
            }
            let name = batch[(offset + header)..<min(offset + header + length, batch.endIndex)].prefix { $0 != 0 }
            events.append((mask, name))
            offset += header + length
        }
        return events
    }

    /// Removes the files of processes that are gone (named `<pid>-...`), so the directory holds
    /// about one file per live process.
    private static func removeFilesOfDeadProcesses(in directory: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names {
            guard let pid = name.split(separator: "-").first.flatMap({ pid_t($0) }), pid > 0 else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink(directory + "/" + name) }
        }
    }
}
