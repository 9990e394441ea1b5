import A2AProtocol

/// The followers on this replica of one task another replica computes: one reader of the
/// tasks file hands each new event to all of them. Used only on the `TaskManager` actor.
final class RemoteTaskRelay {
    /// The events read so far (a follower that joins later gets them first).
    var events: [StreamResponse] = []
    /// The number of the last event read; -1 before the first.
    var seq = -1
    var feeds: [TaskEventFeed]
    /// A follower came from a resend of the task's message: if the computing replica is gone,
    /// this replica computes the task.
    var resumable: Bool

    init(feed: TaskEventFeed, resumable: Bool) {
        feeds = [feed]
        self.resumable = resumable
    }
}
