import A2AProtocol
import Foundation
import JSONBytes

/// One task as the store keeps it: the task, when it was created, and the events it has
/// produced so far (kept so a repeated streaming send can replay them).
public struct TaskEntry: Sendable {
    public var task: A2ATask
    /// The ids of the user messages that created or continued this task.
    public var messageIds: [String]
    var createdAt: Date
    var updatedAt: Date
    var events: [StreamResponse]
    /// The agent's direct reply, when it answered with a message rather than a task result.
    var reply: Message?
    /// The stamp of a finished entry's place in the store's queue of finished tasks; 0 while it runs.
    var finishStamp: UInt64 = 0
    /// The memory a finished entry is counted for against the store's byte budget; 0 while it runs.
    var bytes = 0

    /// An estimate of the entry's memory, without encoding anything: twice the bytes of its
    /// texts, ids and metadata plus a fixed cost per message, artifact and part (Swift strings,
    /// arrays and the store's bookkeeping). The `agent-memory` benchmark measured about 2.6 KB
    /// per ordinary task; this gives about 2.3 KB for it.
    var estimatedBytes: Int {
        var content = task.id.utf8.count + task.contextId.utf8.count + Self.size(task.metadata)
        for message in (task.history ?? []) + [task.status.message, reply].compactMap({ $0 }) {
            content += 160 + message.messageId.utf8.count + Self.size(message.parts) + Self.size(message.metadata)
        }
        for artifact in task.artifacts ?? [] {
            content += 160 + artifact.artifactId.utf8.count + Self.size(artifact.parts) + Self.size(artifact.metadata)
        }
        return 2 * content + 512 + events.count * 256
    }

    private static func size(_ parts: [Part]) -> Int {
        parts.reduce(0) { total, part in
            let content = switch part.content {
            case .text(let text): text.utf8.count
            case .raw(let data): data.count
            case .url(let url): url.utf8.count
            case .data(let value): size(value)
            }
            return total + 64 + content + size(part.metadata)
        }
    }

    private static func size(_ value: JSONValue?) -> Int {
        guard let value else { return 0 }
        return (try? value.jsonBytes().count) ?? 0
    }

    /// A task as a shared store holds it: no events; its direct reply, if it had one, is its
    /// completed status message (`storedReply(of:)`).
    public init(stored task: A2ATask, messageIds: [String] = [], createdMicros: Int64, updatedMicros: Int64) {
        self.init(task: task, messageIds: messageIds, createdAt: Self.date(micros: createdMicros),
                  updatedAt: Self.date(micros: updatedMicros), events: [], reply: Self.storedReply(of: task))
    }

    /// The agent's direct reply in a stored task (which keeps no `reply`): a task the agent
    /// answered with a message is completed with that message as its status message, and only
    /// that message has no task id (`TaskManager` puts the task's id in every other status
    /// message it writes). Another replica, or this one after a restart, then answers a resend
    /// with the message too, as the replica that computed it does.
    static func storedReply(of task: A2ATask) -> Message? {
        guard task.status.state == .completed, let message = task.status.message, message.role == .agent,
              message.taskId == nil else { return nil }
        return message
    }

    init(task: A2ATask, messageIds: [String], createdAt: Date, updatedAt: Date, events: [StreamResponse], reply: Message? = nil) {
        self.task = task
        self.messageIds = messageIds
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.events = events
        self.reply = reply
    }

    /// Microseconds since 1970 of `createdAt`, the sort key of ListTasks.
    public var createdMicros: Int64 { Self.micros(createdAt) }

    /// Microseconds since 1970 of `updatedAt`.
    public var updatedMicros: Int64 { Self.micros(updatedAt) }

    /// Microseconds since 1970: how the store, its database and packed tasks keep times.
    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    /// The time `micros(_:)` gave.
    static func date(micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }
}
