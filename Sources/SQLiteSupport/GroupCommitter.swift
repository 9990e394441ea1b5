import Foundation

/// Batches write transactions from many callers into one SQLite transaction, so that one commit
/// (one fsync with `synchronous=FULL`) serves them all. Each caller's work runs in a savepoint of
/// its own: work that throws is rolled back alone and its caller gets the error.
///
/// No extra thread: the first caller to arrive while no batch is being written becomes the
/// leader and commits batches on its own thread until the queue is empty. Callers that arrive
/// meanwhile wait (asynchronously, or blocking for `writeBlocking`) and form the next batch, so
/// the batch grows by itself while the disk is busy.
///
/// Work must not call back into the committer (it would wait for itself); it runs plain
/// statements on the connection.
public final class GroupCommitter: @unchecked Sendable {
    // @unchecked Sendable: `queue` and `leading` are guarded by `lock`; the connection serializes
    // its own use, and each request's closures are only called by the one leader that took it.
    private let connection: SQLiteConnection
    private let lock = NSLock()
    private var queue: [Request] = []
    private var leading = false
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

    /// Callers waiting for the current leader to commit their work.
    public var queuedCount: Int { lock.withLock { queue.count } }
    /// Transactions committed or rolled back so far (each serves one batch).
    public var transactionCount: Int { lock.withLock { transactions } }

    public init(connection: SQLiteConnection, maxBatch: Int = 512) {
        self.connection = connection
        self.maxBatch = maxBatch
    }

    /// Runs `work` inside a transaction shared with other callers and returns once it is committed.
    public func write<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        // Nobody is writing: commit here, without suspending (a resumed continuation would be one
        // more hand-off between threads for every write of a lone caller).
        if lock.withLock({ () -> Bool in
            if leading { return false }
            leading = true
            return true
        }) {
            return try leadInline(work)
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let outcome = OutcomeBox<T>()
            submit(Request(run: { outcome.capture(work) }, finish: { commitError in
                if let commitError { continuation.resume(throwing: commitError) } else { continuation.resume(with: outcome.result) }
            }))
        }
    }

    /// Like `write`, for synchronous callers: blocks the calling thread until the commit.
    /// `work` runs on the leader's thread, which may be another one.
    public func writeBlocking<T>(_ work: @escaping () throws -> T) throws -> T {
        let outcome = OutcomeBox<T>()
        let done = DispatchSemaphore(value: 0)
        let commitError = ErrorBox()
        submit(Request(run: { outcome.capture(work) }, finish: { error in
            commitError.error = error
            done.signal()
        }))
        done.wait()
        if let error = commitError.error { throw error }
        return try outcome.result.get()
    }

    /// Commits `work` alone as the leader, then the batches that queued meanwhile.
    private func leadInline<T>(_ work: @escaping () throws -> T) throws -> T {
        let outcome = OutcomeBox<T>()
        let commitError = ErrorBox()
        commit([Request(run: { outcome.capture(work) }, finish: { commitError.error = $0 })])
        while let batch = nextBatch() { commit(batch) }
        if let error = commitError.error { throw error }
        return try outcome.result.get()
    }

    private func submit(_ request: Request) {
        let lead = lock.withLock { () -> Bool in
            queue.append(request)
            if leading { return false }
            leading = true
            return true
        }
        if lead { while let batch = nextBatch() { commit(batch) } }
    }

    private func nextBatch() -> [Request]? {
        lock.withLock {
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
        lock.withLock { transactions += 1 }
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
    // @unchecked Sendable: written by the leader before the semaphore signal, read after the wait.
    var error: (any Error)?
}
