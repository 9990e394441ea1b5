import Foundation

/// Batches write transactions from many callers into one SQLite transaction, so that one commit
/// (one fsync with `synchronous=FULL`) serves them all. Each caller's work runs in a savepoint of
/// its own: work that throws is rolled back alone and its caller gets the error.
///
/// A caller that arrives while nothing is being written commits its own work at once, on its
/// own thread, without suspending: a lone writer pays no hand-off. Callers that arrive while a
/// commit is in progress queue up (waiting asynchronously, or blocking for `writeBlocking`) and
/// are committed together by the committer's writer thread, which takes over the queue from
/// whoever led. So the batch grows by itself while the disk is busy, and under load the fsyncs
/// block the writer thread, not the threads that run workflow and activity code.
///
/// Work must not call back into the committer (it would wait for itself); it runs plain
/// statements on the connection. Call `stop()` when done: the writer thread keeps the
/// committer alive until then.
public final class GroupCommitter: @unchecked Sendable {
    // @unchecked Sendable: `queue`, `leading`, `writerWanted`, `writerStarted`, `stopping` and
    // `transactions` are guarded by `condition`; the connection serializes its own use, and each
    // request's closures are only called by the one leader that took it.
    private let connection: SQLiteConnection
    private let condition = NSCondition()
    private var queue: [Request] = []
    /// True while a caller or the writer thread is committing; arrivals then queue.
    private var leading = false
    /// The writer thread should drain the queue (it is the leader now).
    private var writerWanted = false
    private var writerStarted = false
    private var stopping = false
    private var transactions = 0
    /// The most requests in one transaction.
    public let maxBatch: Int

    /// One caller's work: `run` performs it and keeps its outcome (false when it threw);
    /// `finish` hands the outcome over, or the commit's error when the batch failed.
    private struct Request {
        let run: () -> Bool
        let finish: ((any Error)?) -> Void
    }

    /// Marks a batch of one whose work threw: the work's own error goes to its caller.
    private struct WorkFailed: Error {}

    /// Callers waiting for their work to be committed.
    public var queuedCount: Int { condition.withLock { queue.count } }
    /// Transactions committed or rolled back so far (each serves one batch).
    public var transactionCount: Int { condition.withLock { transactions } }

    public init(connection: SQLiteConnection, maxBatch: Int = 512) {
        self.connection = connection
        self.maxBatch = maxBatch
    }

    /// Runs `work` inside a transaction shared with other callers and returns once it is committed.
    public func write<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        if takeLead() { return try leadAlone(work) }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let outcome = OutcomeBox<T>()
            enqueue(Request(run: { outcome.capture(work) }, finish: { commitError in
                if let commitError { continuation.resume(throwing: commitError) } else { continuation.resume(with: outcome.result) }
            }))
        }
    }

    /// Like `write`, for synchronous callers: blocks the calling thread until the commit.
    /// `work` runs on the committing thread, which may be another one.
    public func writeBlocking<T>(_ work: @escaping () throws -> T) throws -> T {
        if takeLead() { return try leadAlone(work) }
        let outcome = OutcomeBox<T>()
        let done = DispatchSemaphore(value: 0)
        let commitError = ErrorBox()
        enqueue(Request(run: { outcome.capture(work) }, finish: { error in
            commitError.error = error
            done.signal()
        }))
        done.wait()
        if let error = commitError.error { throw error }
        return try outcome.result.get()
    }

    /// Lets the writer thread finish what is queued, then end. Later writes still commit.
    public func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
        }
    }

    /// True when nothing is being written or queued: the caller commits its own work now.
    private func takeLead() -> Bool {
        condition.withLock {
            if leading { return false }
            leading = true
            return true
        }
    }

    /// Commits `work` alone, then hands whatever queued meanwhile to the writer thread.
    private func leadAlone<T>(_ work: @escaping () throws -> T) throws -> T {
        let outcome = OutcomeBox<T>()
        let commitError = ErrorBox()
        commit([Request(run: { outcome.capture(work) }, finish: { commitError.error = $0 })])
        condition.withLock {
            if queue.isEmpty { leading = false } else { handOff() }
        }
        if let error = commitError.error { throw error }
        return try outcome.result.get()
    }

    private func enqueue(_ request: Request) {
        condition.withLock {
            queue.append(request)
            if !leading {
                leading = true
                handOff()
            }
        }
    }

    /// Makes the writer thread the leader. Call with `condition` held.
    private func handOff() {
        writerWanted = true
        if !writerStarted {
            writerStarted = true
            let thread = Thread { [self] in writerLoop() }
            thread.name = "sqlite-group-commit"
            thread.start()
        }
        condition.signal()
    }

    private func writerLoop() {
        while true {
            let exit = condition.withLock { () -> Bool in
                while !writerWanted && !stopping { condition.wait() }
                if !writerWanted {
                    writerStarted = false   // a write after `stop` starts a new writer
                    return true
                }
                writerWanted = false
                return false
            }
            if exit { return }
            while let batch = nextBatch() { commit(batch) }
        }
    }

    /// The next batch, or nil (and the lead given up) when the queue is empty.
    private func nextBatch() -> [Request]? {
        condition.withLock {
            if queue.isEmpty {
                leading = false
                return nil
            }
            let count = min(maxBatch, queue.count)
            defer { queue.removeFirst(count) }
            return Array(queue.prefix(count))
        }
    }

    private func commit(_ batch: [Request]) {
        condition.withLock { transactions += 1 }
        do {
            try connection.transaction {
                if batch.count == 1 {
                    if !batch[0].run() { throw WorkFailed() }
                    return
                }
                for request in batch {
                    do {
                        try connection.savepoint("group_commit") { if !request.run() { throw WorkFailed() } }
                    } catch is WorkFailed {
                        // Rolled back alone; its caller gets its own error.
                    }
                }
            }
            for request in batch { request.finish(nil) }
        } catch is WorkFailed {
            batch[0].finish(nil)
        } catch {
            for request in batch { request.finish(error) }
        }
    }
}

/// The outcome of one request's work, written by the leader before `finish` reads it.
private final class OutcomeBox<T>: @unchecked Sendable {
    // @unchecked Sendable: written once by the leader, read after the hand-off in `finish`
    // (a continuation resume or a semaphore), which orders the two.
    var result: Result<T, any Error> = .failure(CancellationError())

    func capture(_ work: () throws -> T) -> Bool {
        do {
            result = .success(try work())
            return true
        } catch {
            result = .failure(error)
            return false
        }
    }
}

/// The commit error of a blocking request, handed over like `OutcomeBox`.
private final class ErrorBox: @unchecked Sendable {
    // @unchecked Sendable: written by the committing thread before the semaphore signal (or on the
    // caller's own thread, for a lone writer), read after it.
    var error: (any Error)?
}
