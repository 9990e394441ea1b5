import Synchronization

/// A gate that tasks wait at until a test opens it; once open it stays open. Fakes use it to
/// hold an answer back until the test has set up what it wants to observe.
public final class AsyncGate: Sendable {
    private struct State {
        var isOpen = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Lets every waiting (and future) task through.
    public func open() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.isOpen = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// True once `open()` was called.
    public var isOpen: Bool { state.withLock { $0.isOpen } }

    /// Tasks waiting now.
    public var waiting: Int { state.withLock { $0.waiters.count } }

    /// Returns once the gate is open.
    public func wait() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let passNow = state.withLock { state -> Bool in
                if state.isOpen { return true }
                state.waiters.append(continuation)
                return false
            }
            if passNow { continuation.resume() }
        }
    }
}
