import A2AProtocol
import Foundation

/// One task as the store keeps it: the task, when it was created, and the events it has
/// produced so far (kept so a repeated streaming send can replay them).
struct TaskEntry: Sendable {
    var task: A2ATask
    /// The ids of the user messages that created or continued this task.
    var messageIds: [String]
    var createdAt: Date
    var updatedAt: Date
    var events: [StreamResponse]
    /// The agent's direct reply, when it answered with a message rather than a task result.
    var reply: Message?
    /// Access stamp for LRU order.
    var touched: UInt64 = 0

    /// Microseconds since 1970 of `createdAt`, the sort key of ListTasks.
    var createdMicros: Int64 { Int64((createdAt.timeIntervalSince1970 * 1_000_000).rounded()) }
}
