import Foundation

/// Watches the time limits of every running activity attempt of one worker from a single task,
/// so that an attempt runs in the task that claimed it with no helper task of its own. When an
/// attempt overruns its start-to-close limit or heartbeat timeout, the watchdog hands the
/// timeout to the attempt's handler and cancels the task running it.
final class AttemptWatchdog: @unchecked Sendable {
    // @unchecked Sendable: `entries` and `nextID` are guarded by `lock`.
    struct Entry {
        let deadline: Date
        let limit: Double
        let heartbeatTimeout: Double?
        let context: ActivityContext
        /// The task running the attempt, cancelled after a timeout was handled.
        let task: AttemptTask?
        /// Records the timeout; returns false when the attempt had already finished.
        let onTimeout: @Sendable (ActivityTimeout) -> Bool
    }

    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]
    private var nextID = 0
    /// How often limits are checked, which bounds how late a timeout is noticed.
    let interval: Duration

    init(interval: Duration = .milliseconds(100)) {
        self.interval = interval
    }

    func watch(_ entry: Entry) -> Int {
        lock.withLock {
            nextID += 1
            entries[nextID] = entry
            return nextID
        }
    }

    func unwatch(_ id: Int) {
        _ = lock.withLock { entries.removeValue(forKey: id) }
    }

    /// Checks limits until the calling task is cancelled.
    func run() async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            checkOnce(now: Date())
        }
    }

    private func checkOnce(now: Date) {
        let expired = lock.withLock { () -> [(Entry, ActivityTimeout)] in
            var found: [(Entry, ActivityTimeout)] = []
            for (id, entry) in entries {
                var timeout: ActivityTimeout?
                if now >= entry.deadline {
                    timeout = ActivityTimeout(kind: "start-to-close", limit: .seconds(entry.limit))
                } else if let heartbeatTimeout = entry.heartbeatTimeout, entry.context.secondsSinceHeartbeat > heartbeatTimeout {
                    timeout = ActivityTimeout(kind: "heartbeat", limit: .seconds(heartbeatTimeout))
                }
                if let timeout {
                    entries.removeValue(forKey: id)
                    found.append((entry, timeout))
                }
            }
            return found
        }
        for (entry, timeout) in expired where entry.onTimeout(timeout) {
            entry.task?.cancel()
        }
    }
}
