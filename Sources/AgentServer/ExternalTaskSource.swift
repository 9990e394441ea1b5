import A2AProtocol

/// Tasks that live somewhere else than the agent server's own store, such as the Router's,
/// which are workflow runs in a durable history: the server asks it for a task or a message it
/// does not hold (after a restart, say), for the ID of each new task, for the tasks ListTasks
/// shows, and for the live progress of a task that runs elsewhere (another process).
public protocol ExternalTaskSource: Sendable {
    /// The task `id`, as it stands now; nil when there is none.
    func task(id: String) -> A2ATask?
    /// The task that message `messageID` created, if any.
    func taskID(forMessageID messageID: String) -> String?
    /// The ID for the task that `message` starts; nil to let the server make one up.
    func newTaskID(for message: Message) -> String?
    /// A client canceled task `id`: stop its work wherever it runs (or waits).
    func cancel(id: String)
    /// Every task the source holds, newest first, as ListTasks sorts and filters them
    /// (`task(id:)` gives a whole one).
    func summaries() -> [ExternalTaskSummary]
    /// The events of task `id` from now until it ends or stops for input, when it runs (or
    /// waits) somewhere this server does not drive it: its progress and its answer so far and
    /// as it comes. Nil when the task is not running.
    func follow(id: String) -> AsyncThrowingStream<AgentTaskEvent, any Error>?
}
