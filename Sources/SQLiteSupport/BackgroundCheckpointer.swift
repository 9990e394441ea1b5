import CSQLite
import Foundation

/// Moves WAL checkpoints off the commit path. SQLite's automatic checkpoint runs inside the
/// commit that crosses the threshold, so every few dozen commits one of them also copies the
/// WAL into the database and syncs both files (milliseconds, not microseconds). Here the
/// writer's automatic checkpoint is switched off, a hook counts the WAL's pages after each
/// commit, and a thread of its own runs a PASSIVE checkpoint on its own connection once the WAL
/// holds `thresholdPages`: it copies what no reader still needs and never blocks writers.
///
/// Meant for connections with `synchronous=NORMAL`, whose commits do not sync: with `FULL`,
/// every commit syncs the WAL, and a concurrent checkpoint's syncs of the database file compete
/// with them for the disk (measured slower than SQLite's own inline checkpoint).
public final class BackgroundCheckpointer: @unchecked Sendable {
    // @unchecked Sendable: `requested`, `stopping`, `finished`, `completed` and `requestedAt` are guarded by `condition`; `connection`
    // is used only by the checkpoint thread (and by `deinit`, after that thread has stopped).
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var finished = false
    private let connection: SQLiteConnection
    /// The WAL size, in pages, that asks for a checkpoint (SQLite's own default is 1000).
    public let thresholdPages: Int
    private var completed = 0
    /// The WAL size at the last request, in pages.
    private var requestedAt = 0
    /// Checkpoints run so far.
    public var checkpoints: Int { condition.withLock { completed } }

    /// Takes over checkpointing for `writer` (a connection in WAL mode on `writer.path`).
    /// - Throws: `SQLiteError` when the checkpoint connection cannot be opened.
    public init(writer: SQLiteConnection, thresholdPages: Int = 1000) throws {
        connection = try SQLiteConnection(path: writer.path, synchronous: writer.synchronous)
        self.thresholdPages = max(1, thresholdPages)
        let thread = Thread { [self] in loop() }
        thread.name = "sqlite-checkpoint"
        thread.start()
        writer.onWALCommit { [weak self] pages in self?.walGrew(to: pages) }
    }

    /// Asks for a checkpoint each time the WAL grows by another `thresholdPages` (it starts
    /// again from zero once a checkpoint has copied everything): while commits keep appending,
    /// a checkpoint never quite catches up, and asking after every commit would run them back
    /// to back.
    private func walGrew(to pages: Int) {
        let due = condition.withLock { () -> Bool in
            if pages < requestedAt { requestedAt = 0 }   // the WAL was reset
            guard pages >= requestedAt + thresholdPages else { return false }
            requestedAt = pages
            return true
        }
        if due { request() }
    }

    /// Asks for a checkpoint soon; cheap to call often.
    public func request() {
        condition.withLock {
            requested = true
            condition.signal()
        }
    }

    /// Stops the thread after the checkpoint in progress, if any. The owner must call it: the
    /// thread keeps the checkpointer alive until then.
    public func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
            while !finished { condition.wait() }
        }
    }

    private func loop() {
        while true {
            let stop = condition.withLock { () -> Bool in
                while !requested && !stopping { condition.wait() }
                requested = false
                return stopping
            }
            if stop { break }
            // A failed checkpoint (busy, I/O) is tried again at the next request; the WAL only grows.
            _ = try? connection.checkpoint()
            condition.withLock { completed += 1 }
        }
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }
}
