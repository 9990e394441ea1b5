import AgentServer
import Foundation

/// The notifications of channel `a2a_task_events` (the ids of tasks with new events, one a line), counted
/// for the tasks this replica follows, and the followers waiting for them.
final class PostgresEventSignal: TaskEventSignal, @unchecked Sendable {
    // @unchecked Sendable: `counts`, `waiters` and `nextToken` are only touched while holding `lock`.
    private let lock = NSLock()
    private var counts: [String: UInt64] = [:]
    private var waiters: [String: [Int: CheckedContinuation<Void, Never>]] = [:]
    private var nextToken = 0

    func watch(_ id: String) {
        lock.withLock { counts[id] = counts[id] ?? 0 }
    }

    func unwatch(_ id: String) {
        lock.withLock { _ = counts.removeValue(forKey: id) }
    }

    func count(of id: String) -> UInt64 {
        lock.withLock { counts[id] ?? 0 }
    }

    /// A notification for task `id` arrived.
    func notify(_ id: String) {
        let woken = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            guard let count = counts[id] else { return [] }
            counts[id] = count + 1
            return waiters.removeValue(forKey: id).map { Array($0.values) } ?? []
        }
        for waiter in woken { waiter.resume() }
    }

    /// Notifications may have been lost (the listening connection was down): every follower looks.
    func notifyAll() {
        let woken = lock.withLock { () -> [CheckedContinuation<Void, Never>] in
            for id in counts.keys { counts[id, default: 0] += 1 }
            defer { waiters = [:] }
            return waiters.values.flatMap(\.values)
        }
        for waiter in woken { waiter.resume() }
    }

    func wait(for id: String, beyond count: UInt64, timeout: Duration) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let token = lock.withLock { () -> Int? in
                if (counts[id] ?? 0) > count { return nil }
                nextToken += 1
                waiters[id, default: [:]][nextToken] = continuation
                return nextToken
            }
            guard let token else { return continuation.resume() }
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(id, token)
            }
        }
    }

    private func expire(_ id: String, _ token: Int) {
        let waiter = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            let waiter = waiters[id]?.removeValue(forKey: token)
            if waiters[id]?.isEmpty == true { waiters.removeValue(forKey: id) }
            return waiter
        }
        waiter?.resume()
    }
}
