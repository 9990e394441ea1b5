import A2AProtocol

/// What a replica writes of one task it computes, in one batch of `SharedTaskStore.appendEvents`:
/// its new numbered events, the task as it stands (when its status changed), and when it
/// settled (with its last event).
public struct SharedTaskWrite {
    /// The task's id.
    public var id: String
    /// The new events, numbered in order.
    public var events: [(seq: Int, event: StreamResponse)]
    /// The task as it stands, written with the events; nil keeps the stored one.
    public var task: TaskEntry?
    /// When the task settled; its claim is settled with this write.
    public var settledAt: Int64?

    public init(id: String, events: [(seq: Int, event: StreamResponse)], task: TaskEntry?, settledAt: Int64?) {
        self.id = id
        self.events = events
        self.task = task
        self.settledAt = settledAt
    }
}
