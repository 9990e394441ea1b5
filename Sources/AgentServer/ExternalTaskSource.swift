import A2AProtocol

/// Tasks that live somewhere else than the agent server's own store, such as the Router's,
/// which are workflow runs in a durable history: the server asks it for a task or a message it
/// does not hold (after a restart, say) and for the ID of each new task.
public protocol ExternalTaskSource: Sendable {
    /// The task `id`, as it stands now; nil when there is none.
    func task(id: String) -> A2ATask?
    /// The task that message `messageID` created, if any.
    func taskID(forMessageID messageID: String) -> String?
    /// The ID for the task that `message` starts; nil to let the server make one up.
    func newTaskID(for message: Message) -> String?
    /// A client canceled task `id`: stop its work wherever it runs (or waits).
    func cancel(id: String)
}
