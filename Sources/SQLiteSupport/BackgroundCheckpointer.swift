import Foundation

/// Moves the bulk of WAL checkpointing off the commit path. SQLite's automatic checkpoint runs
/// inside the commit that crosses the threshold, so every few dozen commits one of them also
/// copies the whole WAL into the database and syncs both files (milliseconds, not
/// microseconds). Here the writer's automatic checkpoint is switched off and a hook counts the
/// WAL's pages after each commit. When the WAL holds another `thresholdPages`, a thread of its
/// own runs a PASSIVE checkpoint on its own connection: it copies what no reader still needs
/// and never blocks writers. Commits keep appending meanwhile, so that pass can never copy
/// everything; the first commit after it finishes copies the few frames left, inline, which
/// lets the next transaction start the WAL again from the beginning. (Without that last step
/// the WAL grew without bound: 750 MB after 8,000 workflows.)
///
/// Meant for connections with `synchronous=NORMAL`, whose commits do not sync. With `FULL`,
/// every commit syncs the WAL anyway, a concurrent checkpoint's syncs compete with them for the
/// disk, and in an A/B on a quiet machine it was no faster than SQLite's inline checkpoint.
public final class BackgroundCheckpointer: @unchecked Sendable {
    // @unchecked Sendable: every `var` is guarded by `condition`; `connection` is used only by
    // the checkpoint thread.
    private let condition = NSCondition()
    private var requested = false
    private var stopping = false
    private var finished = false
    private var running = false
    /// A background pass ended since the last inline finish: the next commit finishes the copy.
    private var passDone = false
    private var completed = 0
    private var requestCount = 0
    /// The WAL size at the last request, in pages.
    private var requestedAt = 0
    private let connection: SQLiteConnection
    /// The WAL size, in pages, that asks for a checkpoint (SQLite's own default is 1000).
    public let thresholdPages: Int

    /// Background passes run so far.
    public var checkpoints: Int { condition.withLock { completed } }

    /// Background passes asked for so far; the commit that crosses a threshold asks, so this
    /// is up to date when the commit returns (a pass may not have run yet).
    public var requestedPasses: Int { condition.withLock { requestCount } }

    /// Takes over checkpointing for `writer` (a connection in WAL mode on `writer.path`).
    /// - Throws: `SQLiteError` when the checkpoint connection cannot be opened.
    public init(writer: SQLiteConnection, thresholdPages: Int = 1000) throws {
        connection = try SQLiteConnection(path: writer.path, synchronous: writer.synchronous)
        self.thresholdPages = max(1, thresholdPages)
        let thread = Thread { [self] in loop() }
        thread.name = "sqlite-checkpoint"
        thread.start()
        writer.onWALCommit { [weak self] pages in self?.walGrew(to: pages) ?? false }
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

    /// Decides, after a commit, what the WAL needs: the inline finish of a background pass
    /// (returns true), a new background pass (each time the WAL grew by another threshold;
    /// asking after every commit would run passes back to back), or nothing.
    private func walGrew(to pages: Int) -> Bool {
        condition.withLock {
            if pages < requestedAt { requestedAt = 0 }   // the WAL started again
            // Finish a pass inline; and should the WAL still not have started again by four
            // thresholds (the inline step lost a race with a reader), checkpoint inline as
            // SQLite itself would, so the WAL stays bounded whatever the timing.
            if !running, passDone || pages >= 4 * thresholdPages {
                passDone = false
                requestedAt = 0
                return true
            }
            if pages >= requestedAt + thresholdPages, !running {
                requestedAt = pages
                requested = true
                requestCount += 1
                condition.signal()
            }
            return false
        }
    }

    private func loop() {
        while true {
            let stop = condition.withLock { () -> Bool in
                while !requested && !stopping { condition.wait() }
                requested = false
                running = !stopping
                return stopping
            }
            if stop { break }
            // A failed pass (busy, I/O) is tried again at the next request.
            let copied = (try? connection.checkpoint()) != nil
            condition.withLock {
                completed += 1
                running = false
                passDone = copied
            }
        }
        condition.withLock {
            finished = true
            condition.broadcast()
        }
    }
}
