import A2AProtocol

/// Where replicas of one agent share their tasks: who computes which task (claims with leases),
/// the events of running tasks for the other replicas' streams, and cancel requests. The SQLite
/// file of `--tasks-db` (`TaskDatabase`) and the PostgreSQL server of `--tasks-url` (the
/// `PostgresTaskStore` module) implement it; `TaskManager` does not care which it has.
///
/// Used only from the `TaskManager` actor. The calls other than `loadRecent` (made once, at start)
/// are async and run on the caller's actor (`nonisolated(nonsending)`): a store that answers at
/// once (the SQLite file) may implement them synchronously; one that waits for a server
/// (PostgreSQL) suspends the actor instead of blocking its thread, so several calls may be under
/// way at once. Times are microseconds since 1970. Errors are `TaskDatabaseError`s (with
/// `unreachable` when the store cannot be reached).
public protocol SharedTaskStore: AnyObject {
    /// Writes (inserts or replaces) one task with its message ids.
    nonisolated(nonsending) func save(_ entry: TaskEntry) async throws
    /// The most recently created tasks, newest first, at most `limit`, with their message ids
    /// (when the agent starts; it blocks until they are read).
    func loadRecent(limit: Int) throws -> [TaskEntry]
    /// One task by id (without its message ids).
    nonisolated(nonsending) func load(id: String) async throws -> TaskEntry?
    /// The task a message id created, if any.
    nonisolated(nonsending) func taskId(forMessageId messageId: String) async throws -> String?
    /// Records a new task that `messageId` starts, claimed by `owner` until `leaseUntil`, with
    /// its snapshot as event 0, unless another replica recorded a task for that message first
    /// (exactly one replica wins). A message already mapped to `unlessTask` does not count.
    /// - Returns: nil when this replica won; else the task id the message already has.
    nonisolated(nonsending) func claimNew(_ entry: TaskEntry, messageId: String, unlessTask: String?, owner: String,
                                          leaseUntil: Int64) async throws -> String?
    /// The claim on task `id`; nil for a task without one.
    nonisolated(nonsending) func claim(id: String) async throws -> TaskClaim?
    /// Makes `owner` the computer of abandoned task `entry` (reset to submitted, its old events
    /// dropped). False when the task is not abandoned (any more).
    nonisolated(nonsending) func takeOver(_ entry: TaskEntry, owner: String, now: Int64, leaseUntil: Int64) async throws -> Bool
    /// Makes `owner` the computer of `entry`'s next turn, started by follow-up `messageId`.
    /// False while another replica still computes its last turn.
    nonisolated(nonsending) func claimFollowUp(_ entry: TaskEntry, messageId: String, owner: String,
                                               leaseUntil: Int64) async throws -> Bool
    /// Records `entry` (failed or canceled here) as no longer computed by its abandoned owner.
    /// False when the owner renewed its lease meanwhile.
    nonisolated(nonsending) func settleAbandoned(_ entry: TaskEntry, now: Int64) async throws -> Bool
    /// Renews the leases of every unsettled task `owner` computes.
    nonisolated(nonsending) func renewLeases(owner: String, until: Int64) async throws
    /// The unsettled tasks of `owner` that another replica asked to cancel.
    nonisolated(nonsending) func cancelRequests(owner: String) async throws -> [String]
    /// Asks the owner of task `id` to cancel it.
    nonisolated(nonsending) func requestCancel(id: String) async throws
    /// Appends numbered events of task `id` and, with `task`, writes the task as it stands; with
    /// `settledAt`, settles its claim. Nothing when `owner` no longer holds the claim.
    nonisolated(nonsending) func appendEvents(id: String, owner: String, _ events: [(seq: Int, event: StreamResponse)],
                                              task: TaskEntry?, settledAt: Int64?) async throws
    /// Writes the events (and tasks, and settlements) of several tasks `owner` computes, in
    /// order, as `appendEvents(id:owner:_:task:settledAt:)` does for one; with `removingEventsBefore`,
    /// also drops the events of tasks that settled before then (every live stream has read them).
    /// The default makes one call per task.
    nonisolated(nonsending) func appendEvents(owner: String, _ writes: [SharedTaskWrite], removingEventsBefore: Int64?) async throws
    /// The events of task `id` after number `seq`, in order.
    nonisolated(nonsending) func events(id: String, after seq: Int) async throws -> [(seq: Int, event: StreamResponse)]
    /// Deletes the tasks that finished before `micros` (their claims settled then; a task
    /// without a claim: last written then), with their message ids, claims and events; tasks
    /// still computed stay. A resend of a deleted task's message computes it anew.
    /// - Returns: how many tasks were deleted.
    nonisolated(nonsending) func removeFinishedTasks(before micros: Int64) async throws -> Int
    /// The tasks written at or after `micros` (ListTasks brings memory up to date with them).
    nonisolated(nonsending) func changed(since micros: Int64) async throws -> [TaskEntry]
    /// Wakes a replica following a task as soon as new events are written; nil when followers
    /// poll (every 25 ms).
    var eventSignal: (any TaskEventSignal)? { get }
}

extension SharedTaskStore {
    nonisolated(nonsending) public func appendEvents(owner: String, _ writes: [SharedTaskWrite],
                                                     removingEventsBefore: Int64?) async throws {
        for write in writes {
            try await appendEvents(id: write.id, owner: owner, write.events, task: write.task, settledAt: write.settledAt)
        }
    }
}
