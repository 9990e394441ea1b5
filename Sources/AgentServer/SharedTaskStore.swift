import A2AProtocol

/// Where replicas of one agent share their tasks: who computes which task (claims with leases),
/// the events of running tasks for the other replicas' streams, and cancel requests. The SQLite
/// file of `--tasks-db` (`TaskDatabase`) and the PostgreSQL server of `--tasks-url` (the
/// `PostgresTaskStore` module) implement it; `TaskManager` does not care which it has.
///
/// Used only from the `TaskManager` actor, one call at a time. Times are microseconds since 1970.
/// Errors are `TaskDatabaseError`s (with `unreachable` when the store cannot be reached).
public protocol SharedTaskStore: AnyObject {
    /// Writes (inserts or replaces) one task with its message ids.
    func save(_ entry: TaskEntry) throws
    /// The most recently created tasks, newest first, at most `limit`, with their message ids.
    func loadRecent(limit: Int) throws -> [TaskEntry]
    /// One task by id (without its message ids).
    func load(id: String) throws -> TaskEntry?
    /// The task a message id created, if any.
    func taskId(forMessageId messageId: String) throws -> String?
    /// Records a new task that `messageId` starts, claimed by `owner` until `leaseUntil`, with
    /// its snapshot as event 0, unless another replica recorded a task for that message first
    /// (exactly one replica wins). A message already mapped to `unlessTask` does not count.
    /// - Returns: nil when this replica won; else the task id the message already has.
    func claimNew(_ entry: TaskEntry, messageId: String, unlessTask: String?, owner: String, leaseUntil: Int64) throws -> String?
    /// The claim on task `id`; nil for a task without one.
    func claim(id: String) throws -> TaskClaim?
    /// Makes `owner` the computer of abandoned task `entry` (reset to submitted, its old events
    /// dropped). False when the task is not abandoned (any more).
    func takeOver(_ entry: TaskEntry, owner: String, now: Int64, leaseUntil: Int64) throws -> Bool
    /// Makes `owner` the computer of `entry`'s next turn, started by follow-up `messageId`.
    /// False while another replica still computes its last turn.
    func claimFollowUp(_ entry: TaskEntry, messageId: String, owner: String, leaseUntil: Int64) throws -> Bool
    /// Records `entry` (failed or canceled here) as no longer computed by its abandoned owner.
    /// False when the owner renewed its lease meanwhile.
    func settleAbandoned(_ entry: TaskEntry, now: Int64) throws -> Bool
    /// Renews the leases of every unsettled task `owner` computes.
    func renewLeases(owner: String, until: Int64) throws
    /// The unsettled tasks of `owner` that another replica asked to cancel.
    func cancelRequests(owner: String) throws -> [String]
    /// Asks the owner of task `id` to cancel it.
    func requestCancel(id: String) throws
    /// Appends numbered events of task `id` and, with `task`, writes the task as it stands; with
    /// `settledAt`, settles its claim. Nothing when `owner` no longer holds the claim.
    func appendEvents(id: String, owner: String, _ events: [(seq: Int, event: StreamResponse)], task: TaskEntry?,
                      settledAt: Int64?) throws
    /// The events of task `id` after number `seq`, in order.
    func events(id: String, after seq: Int) throws -> [(seq: Int, event: StreamResponse)]
    /// The tasks written at or after `micros` (ListTasks brings memory up to date with them).
    func changed(since micros: Int64) throws -> [TaskEntry]
    /// Wakes a replica following a task as soon as new events are written; nil when followers
    /// poll (every 25 ms).
    var eventSignal: (any TaskEventSignal)? { get }
}
