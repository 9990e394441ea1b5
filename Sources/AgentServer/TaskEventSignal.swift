/// Tells followers of tasks that new events were written (PostgreSQL's LISTEN/NOTIFY), so
/// they read them at once instead of polling.
public protocol TaskEventSignal: Sendable {
    /// Starts counting the signals of task `id` (until `unwatch`).
    func watch(_ id: String)
    func unwatch(_ id: String)
    /// How many signals task `id` had since `watch`.
    func count(of id: String) -> UInt64
    /// Returns when task `id` has had more than `count` signals, or after `timeout`.
    func wait(for id: String, beyond count: UInt64, timeout: Duration) async
}
