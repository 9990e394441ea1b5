import Synchronization

/// Whether anybody follows a task's events live: a streaming send, a subscription, a streaming
/// resend of its message. An executor whose progress reports cost work (the Router reads its
/// run's history for them) waits until somebody does; a blocking send that nobody subscribes
/// to gets only the task's end. A follower that comes later is given the events so far.
public final class TaskWatchers: Sendable {
    private struct State {
        var watched: Bool
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextID = 0
    }

    private let state: Mutex<State>

    public init(watched: Bool) {
        state = Mutex(State(watched: watched))
    }

    /// True once somebody follows the task.
    public var isWatched: Bool { state.withLock { $0.watched } }

    /// Somebody follows the task now; wakes every `waitUntilWatched`.
    public func markWatched() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.watched = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once somebody follows the task, or when the calling task is cancelled.
    public func waitUntilWatched() async {
        let id = state.withLock { state -> Int in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    // Cancellation is flagged before `onCancel` runs, and both take the lock.
                    if state.watched || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
