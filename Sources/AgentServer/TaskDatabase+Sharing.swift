import A2AProtocol
import Foundation
import SQLiteSupport

// Replicas of one agent on one tasks file: who computes which task (claims with leases), the
// events of running tasks for the other replicas' streams, and cancel requests.
extension TaskDatabase {
    /// The tables only replicas use; created by every starter, whichever comes first.
    static let sharingSchema = """
        CREATE TABLE IF NOT EXISTS a2a_task_claims (
            task_id TEXT PRIMARY KEY,
            owner TEXT NOT NULL,
            lease_until_us INTEGER NOT NULL,
            cancel_requested INTEGER NOT NULL DEFAULT 0,
            finished_us INTEGER,
            orphaned INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS a2a_task_events (
            task_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            json TEXT NOT NULL,
            PRIMARY KEY (task_id, seq));
        CREATE INDEX IF NOT EXISTS a2a_tasks_updated ON a2a_tasks (updated_us);
        CREATE INDEX IF NOT EXISTS a2a_task_claims_running ON a2a_task_claims (owner) WHERE finished_us IS NULL;
        CREATE INDEX IF NOT EXISTS a2a_task_claims_finished ON a2a_task_claims (finished_us);
        """

    /// Records a new task that `messageId` starts, claimed by `owner` until `leaseUntil`, unless
    /// another replica recorded a task for that message first (checked in the same
    /// `BEGIN IMMEDIATE` transaction, so exactly one replica wins). A message already mapped to
    /// `unlessTask` (a reused id with other content) does not count.
    /// - Returns: nil when this replica won; else the task id the message already has.
    func claimNew(_ entry: TaskEntry, messageId: String, unlessTask: String?, owner: String, leaseUntil: Int64) throws -> String? {
        let json = try A2AJSON.encodeString(entry.task)
        let firstEvent = try A2AJSON.encodeString(StreamResponse.task(entry.task))
        return try translatingErrors {
            try connection.transaction {
                if let existing = try connection.query("SELECT task_id FROM a2a_task_messages WHERE message_id = ?1",
                                                       [.text(messageId)]).first?.string(0), existing != unlessTask {
                    return existing
                }
                try connection.run(
                    "INSERT OR REPLACE INTO a2a_tasks (id, context_id, created_us, updated_us, json) VALUES (?1, ?2, ?3, ?4, ?5)",
                    [.text(entry.task.id), .text(entry.task.contextId), .integer(entry.createdMicros),
                     .integer(entry.updatedMicros), .text(json)])
                try connection.run("INSERT OR IGNORE INTO a2a_task_messages (message_id, task_id) VALUES (?1, ?2)",
                                   [.text(messageId), .text(entry.task.id)])
                try connection.run("""
                    INSERT OR REPLACE INTO a2a_task_claims (task_id, owner, lease_until_us, cancel_requested, finished_us, orphaned)
                    VALUES (?1, ?2, ?3, 0, NULL, 0)
                    """, [.text(entry.task.id), .text(owner), .integer(leaseUntil)])
                try connection.run("INSERT INTO a2a_task_events (task_id, seq, json) VALUES (?1, 0, ?2)",
                                   [.text(entry.task.id), .text(firstEvent)])
                return nil
            }
        }
    }

    /// The claim on task `id`; nil for a task without one (written before replicas shared the file).
    func claim(id: String) throws -> TaskClaim? {
        try translatingErrors {
            try connection.query("""
                SELECT owner, lease_until_us, cancel_requested, finished_us, orphaned FROM a2a_task_claims WHERE task_id = ?1
                """, [.text(id)]).first.map { row in
                TaskClaim(owner: row.string(0) ?? "", leaseUntilMicros: row.int64(1) ?? 0, cancelRequested: row.int(2) == 1,
                          finishedMicros: row.int64(3), orphaned: row.int(4) == 1)
            }
        }
    }

    /// Makes `owner` the computer of abandoned task `entry` (a resend reached it after the old
    /// owner died): its claim is renewed, its old events dropped, and `entry` (reset to
    /// submitted) written. False when the task is not abandoned (any more).
    func takeOver(_ entry: TaskEntry, owner: String, now: Int64, leaseUntil: Int64) throws -> Bool {
        try translatingErrors {
            try connection.transaction {
                let changed = try connection.run("""
                    UPDATE a2a_task_claims SET owner = ?2, lease_until_us = ?3, cancel_requested = 0, finished_us = NULL, orphaned = 0
                    WHERE task_id = ?1 AND (orphaned = 1 OR (finished_us IS NULL AND lease_until_us < ?4))
                    """, [.text(entry.task.id), .text(owner), .integer(leaseUntil), .integer(now)])
                guard changed == 1 else { return false }
                try restart(entry)
                return true
            }
        }
    }

    /// Makes `owner` the computer of `entry`'s next turn (a follow-up message `messageId` to a
    /// task that stopped for input). False while another replica still computes its last turn.
    func claimFollowUp(_ entry: TaskEntry, messageId: String, owner: String, leaseUntil: Int64) throws -> Bool {
        try translatingErrors {
            try connection.transaction {
                let changed = try connection.run("""
                    UPDATE a2a_task_claims SET owner = ?2, lease_until_us = ?3, cancel_requested = 0, finished_us = NULL, orphaned = 0
                    WHERE task_id = ?1 AND finished_us IS NOT NULL
                    """, [.text(entry.task.id), .text(owner), .integer(leaseUntil)])
                if changed == 0 {
                    guard try connection.query("SELECT 1 FROM a2a_task_claims WHERE task_id = ?1", [.text(entry.task.id)]).isEmpty
                    else { return false }
                    try connection.run("INSERT INTO a2a_task_claims (task_id, owner, lease_until_us) VALUES (?1, ?2, ?3)",
                                       [.text(entry.task.id), .text(owner), .integer(leaseUntil)])
                }
                try connection.run("INSERT OR IGNORE INTO a2a_task_messages (message_id, task_id) VALUES (?1, ?2)",
                                   [.text(messageId), .text(entry.task.id)])
                try restart(entry)
                return true
            }
        }
    }

    /// Writes `entry` as a task starting a turn: its row, and its events reset to its snapshot.
    private func restart(_ entry: TaskEntry) throws {
        try connection.run("UPDATE a2a_tasks SET json = ?2, updated_us = ?3 WHERE id = ?1",
                           [.text(entry.task.id), .text(try A2AJSON.encodeString(entry.task)), .integer(entry.updatedMicros)])
        try connection.run("DELETE FROM a2a_task_events WHERE task_id = ?1", [.text(entry.task.id)])
        try connection.run("INSERT INTO a2a_task_events (task_id, seq, json) VALUES (?1, 0, ?2)",
                           [.text(entry.task.id), .text(try A2AJSON.encodeString(StreamResponse.task(entry.task)))])
    }

    /// Records that task `entry` (now failed or canceled by this replica) is no longer computed
    /// by its abandoned owner. False when the owner renewed its lease meanwhile.
    func settleAbandoned(_ entry: TaskEntry, now: Int64) throws -> Bool {
        let json = try A2AJSON.encodeString(entry.task)
        return try translatingErrors {
            try connection.transaction {
                let changed = try connection.run("""
                    UPDATE a2a_task_claims SET orphaned = 1, finished_us = ?2
                    WHERE task_id = ?1 AND finished_us IS NULL AND lease_until_us < ?2
                    """, [.text(entry.task.id), .integer(now)])
                let unclaimed = try connection.query("SELECT 1 FROM a2a_task_claims WHERE task_id = ?1",
                                                     [.text(entry.task.id)]).isEmpty
                guard changed == 1 || unclaimed else { return false }
                try connection.run("UPDATE a2a_tasks SET json = ?2, updated_us = ?3 WHERE id = ?1",
                                   [.text(entry.task.id), .text(json), .integer(entry.updatedMicros)])
                return true
            }
        }
    }

    /// Renews the leases of every unsettled task `owner` computes.
    func renewLeases(owner: String, until: Int64) throws {
        _ = try translatingErrors {
            try connection.run("UPDATE a2a_task_claims SET lease_until_us = ?2 WHERE owner = ?1 AND finished_us IS NULL",
                               [.text(owner), .integer(until)])
        }
    }

    /// The unsettled tasks of `owner` that another replica asked to cancel.
    func cancelRequests(owner: String) throws -> [String] {
        try translatingErrors {
            try connection.query("""
                SELECT task_id FROM a2a_task_claims WHERE owner = ?1 AND cancel_requested = 1 AND finished_us IS NULL
                """, [.text(owner)]).compactMap { $0.string(0) }
        }
    }

    /// Asks the owner of task `id` to cancel it.
    func requestCancel(id: String) throws {
        _ = try translatingErrors {
            try connection.run("UPDATE a2a_task_claims SET cancel_requested = 1 WHERE task_id = ?1 AND finished_us IS NULL",
                               [.text(id)])
        }
    }

    /// Appends events of task `id` (numbered), and with `task`, writes the task as it stands
    /// (on status changes, so GetTask on other replicas follows the task's state), in one
    /// transaction; nothing when `owner` no longer holds the claim (another replica took the
    /// task over after this one failed to renew its lease in time).
    func appendEvents(id: String, owner: String, _ events: [(seq: Int, event: StreamResponse)], task: TaskEntry?,
                      settledAt: Int64?) throws {
        try appendEvents(owner: owner, [SharedTaskWrite(id: id, events: events, task: task, settledAt: settledAt)],
                         removingEventsBefore: nil)
    }

    /// `appendEvents(id:owner:_:task:settledAt:)` for several tasks, in one transaction (one
    /// commit for all). Settled tasks' events are dropped as each task settles, so
    /// `removingEventsBefore` is not needed.
    func appendEvents(owner: String, _ writes: [SharedTaskWrite], removingEventsBefore: Int64?) throws {
        let encoded = try writes.map { write in
            (write, try write.events.map { ($0.seq, try A2AJSON.encodeString($0.event)) },
             try write.task.map { try A2AJSON.encodeString($0.task) })
        }
        try translatingErrors {
            try connection.transaction(durable: false) {
                for (write, events, taskJSON) in encoded {
                    try appendEncoded(id: write.id, owner: owner, events, task: write.task, taskJSON: taskJSON,
                                      settledAt: write.settledAt)
                }
            }
        }
    }

    /// The writes of one task's `appendEvents`, inside the caller's transaction.
    private func appendEncoded(id: String, owner: String, _ encoded: [(Int, String)], task: TaskEntry?, taskJSON: String?,
                               settledAt: Int64?) throws {
        let holder = try connection.query("SELECT owner FROM a2a_task_claims WHERE task_id = ?1", [.text(id)]).first?.string(0)
        guard holder == nil || holder == owner else { return }
        for (seq, json) in encoded {
            try connection.run("INSERT OR REPLACE INTO a2a_task_events (task_id, seq, json) VALUES (?1, ?2, ?3)",
                               [.text(id), .integer(Int64(seq)), .text(json)])
        }
        if let task, let taskJSON {
            try connection.run("UPDATE a2a_tasks SET json = ?2, updated_us = ?3 WHERE id = ?1",
                               [.text(id), .text(taskJSON), .integer(task.updatedMicros)])
        }
        if let settledAt {
            try connection.run("UPDATE a2a_task_claims SET finished_us = ?2 WHERE task_id = ?1", [.text(id), .integer(settledAt)])
            // The events of tasks that settled a minute ago have been read by every live stream.
            try connection.run("""
                DELETE FROM a2a_task_events WHERE task_id IN
                    (SELECT task_id FROM a2a_task_claims WHERE finished_us < ?1 AND finished_us > ?2)
                """, [.integer(settledAt - 60_000_000), .integer(settledAt - 120_000_000)])
        }
    }

    /// The events of task `id` after number `seq`, in order.
    func events(id: String, after seq: Int) throws -> [(seq: Int, event: StreamResponse)] {
        let rows = try translatingErrors {
            try connection.query("SELECT seq, json FROM a2a_task_events WHERE task_id = ?1 AND seq > ?2 ORDER BY seq",
                                 [.text(id), .integer(Int64(seq))])
        }
        return rows.compactMap { row in
            guard let seq = row.int(0), let json = row.string(1),
                  let event = try? A2AJSON.decode(StreamResponse.self, from: json) else { return nil }
            return (seq, event)
        }
    }

    /// Deletes the tasks that finished before `micros` (their claims settled then, or, without
    /// a claim, last written then) with their message ids, claims and events; running tasks stay.
    /// - Returns: how many tasks were deleted.
    func removeFinishedTasks(before micros: Int64) throws -> Int {
        let doomed = """
            SELECT t.id FROM a2a_tasks AS t LEFT JOIN a2a_task_claims AS c ON c.task_id = t.id
            WHERE t.updated_us < ?1 AND (c.task_id IS NULL OR c.finished_us < ?1)
            """
        return try translatingErrors {
            try connection.transaction(durable: false) {
                // The claims go before the tasks: a task without one is then chosen by its time alone, as before.
                for table in ["a2a_task_messages", "a2a_task_events", "a2a_task_claims"] {
                    _ = try connection.run("DELETE FROM \(table) WHERE task_id IN (\(doomed))", [.integer(micros)])
                }
                return try connection.run("DELETE FROM a2a_tasks WHERE id IN (\(doomed))", [.integer(micros)])
            }
        }
    }

    /// The tasks written at or after `micros`, for a replica to bring its memory up to date.
    func changed(since micros: Int64) throws -> [TaskEntry] {
        try translatingErrors {
            try connection.query("SELECT id, json, created_us, updated_us FROM a2a_tasks WHERE updated_us >= ?1",
                                 [.integer(micros)])
        }.compactMap(entry(from:))
    }
}
