import Synchronization

/// Gives up on calls to the server that run past their time limit: one loop checks them all
/// every 100 ms, instead of a timer per call. The caller of a call given up on gets nil at once;
/// the call itself is cancelled and left to end on its own.
final class CallWatchdog: Sendable {
    private let open = Mutex<(next: Int, calls: [Int: (deadline: ContinuousClock.Instant, expire: @Sendable () -> Void)])>((0, [:]))

    /// Runs `body` in a task of its own; its result, or nil when it has not finished within `limit`.
    nonisolated(nonsending) func attempt<T: Sendable>(_ body: @escaping @Sendable () async throws -> T,
                                                      within limit: Duration) async -> Result<T, any Error>? {
        let outcome = CallOutcome<T>()
        let expire: @Sendable () -> Void = { outcome.finish(nil) }
        let key = open.withLock { open in
            open.next += 1
            open.calls[open.next] = (ContinuousClock.now + limit, expire)
            return open.next
        }
        defer { _ = open.withLock { $0.calls.removeValue(forKey: key) } }
        return await withCheckedContinuation { continuation in
            outcome.start(continuation)
            outcome.started(Task {
                do {
                    outcome.finish(.success(try await body()))
                } catch {
                    outcome.finish(.failure(error))
                }
            })
        }
    }

    /// Expires the calls past their deadline, every 100 ms, for as long as the process runs.
    func run() async {
        while true {
            try? await Task.sleep(for: .milliseconds(100))
            let now = ContinuousClock.now
            let expired = open.withLock { open in
                let due = open.calls.filter { $0.value.deadline <= now }
                for key in due.keys { open.calls.removeValue(forKey: key) }
                return due.values.map(\.expire)
            }
            for expire in expired { expire() }
        }
    }
}

/// The one answer a waiting caller gets: the call's result, or nil when it ran out of time.
private final class CallOutcome<T: Sendable>: Sendable {
    private let state = Mutex<(waiting: CheckedContinuation<Result<T, any Error>?, Never>?, work: Task<Void, Never>?)>((nil, nil))

    func start(_ continuation: CheckedContinuation<Result<T, any Error>?, Never>) {
        state.withLock { $0.waiting = continuation }
    }

    func started(_ work: Task<Void, Never>) {
        state.withLock { $0.work = work }
    }

    /// Hands `result` (nil: out of time, and the call is cancelled) to the caller, unless it has
    /// its answer already.
    func finish(_ result: Result<T, any Error>?) {
        let (waiting, work) = state.withLock { state in
            defer { state.waiting = nil }
            return (state.waiting, state.work)
        }
        guard let waiting else { return }
        if result == nil { work?.cancel() }
        waiting.resume(returning: result)
    }
}
