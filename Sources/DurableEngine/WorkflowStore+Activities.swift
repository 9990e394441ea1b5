import Foundation
import SQLiteSupport

// What workers do to the history for activities: claim attempts, record outcomes, heartbeats.
extension WorkflowStore {
    /// Claims up to `limit` activity attempts that are due, for `lease` seconds. An attempt whose
    /// worker vanished (expired lease) is claimed again as the next attempt. Like every claim, the
    /// commit skips the fsync.
    func claimActivities(owner: String, types: [String], limit: Int, lease: Double) throws -> [ClaimedActivity] {
        let now = Date().timeIntervalSince1970
        let typeList = Self.placeholders(types.count, from: 3)
        // Look on the reader first: most polls find nothing and need no write transaction.
        guard try !reader.query(
            """
            SELECT 1 FROM activities WHERE next_attempt_time <= ?1 AND (owner IS NULL OR lease_expiry < ?1)
                AND activity_type IN (\(typeList)) LIMIT ?2
            """, [.real(now), .integer(1)] + types.map { .text($0) }).isEmpty
        else { return [] }
        return try database.transaction(durable: false) {
            let rows = try database.query(
                """
                SELECT a.run_id, w.workflow_id, a.scheduled_event_id, a.activity_id, a.activity_type, a.input, a.options,
                    a.attempt, a.scheduled_time, a.last_failure, a.heartbeat_details, a.owner, w.workflow_type,
                    a.next_attempt_time
                FROM activities a JOIN workflows w ON w.run_id = a.run_id
                WHERE a.next_attempt_time <= ?1 AND (a.owner IS NULL OR a.lease_expiry < ?1)
                    AND a.activity_type IN (\(typeList))
                ORDER BY a.next_attempt_time LIMIT ?2
                """, [.real(now), .integer(Int64(limit))] + types.map { .text($0) })
            return try rows.map { row in
                let runID = row.string(0) ?? ""
                let scheduledEventID = row.int(2) ?? 0
                var lastFailure = try row.bytes(9).map { try open($0, as: ActivityFailureInfo.self) }
                if row.string(11) != nil {
                    lastFailure = ActivityFailureInfo(type: "WorkerLost", message: "the worker running the previous attempt stopped responding")
                }
                try database.run(
                    """
                    UPDATE activities SET owner = ?3, lease_expiry = ?4, attempt = attempt + 1, started_time = ?5,
                        last_heartbeat = ?5, last_failure = ?6 WHERE run_id = ?1 AND scheduled_event_id = ?2
                    """,
                    [.text(runID), .integer(Int64(scheduledEventID)), .text(owner), .real(now + lease), .real(now),
                     .bytes(try lastFailure.map { try seal($0) })])
                return ClaimedActivity(
                    runID: runID, workflowID: row.string(1) ?? "", workflowType: row.string(12) ?? "",
                    scheduledEventID: scheduledEventID, activityID: row.string(3) ?? "", activityType: row.string(4) ?? "",
                    input: Payload(data: try codec.open(row.bytes(5) ?? [])),
                    options: try open(row.bytes(6) ?? [], as: ActivityOptions.self), attempt: (row.int(7) ?? 0) + 1,
                    scheduledTime: Date(timeIntervalSince1970: row.double(8) ?? now), lastFailure: lastFailure,
                    heartbeatDetails: try row.bytes(10).map { Payload(data: try codec.open($0)) },
                    dueTime: Date(timeIntervalSince1970: row.double(13) ?? now), takenOver: row.string(11) != nil)
            }
        }
    }

    /// How an activity attempt ended.
    enum ActivityResolution: Sendable {
        case completed(Payload)
        /// Failed; retry at the given time.
        case retry(ActivityFailureInfo, at: Date)
        /// Failed for good (or timed out when `timedOut`).
        case failed(ActivityFailureInfo, timedOut: Bool)
    }

    /// The workflow task a worker ran in memory on top of an activity's close events, to be
    /// recorded in the same transaction when nothing else happened to the run meanwhile.
    struct TaskContinuation: Sendable {
        /// The id the first close event must get (the history the task saw ends just before it).
        let firstEventID: Int
        let task: PreparedTask
    }

    /// What recording an activity outcome did.
    enum ActivityRecording: Sendable {
        /// The worker no longer held the attempt (another worker took it over); nothing was written.
        case lost
        /// The outcome was recorded and the run was left runnable for any worker (or a retry was set).
        case recorded
        /// The outcome and the continuation's workflow task were recorded together.
        case continued(WorkflowTaskCommit)
    }

    /// The ActivityTaskStarted and closing events for an attempt that ended for good, as Temporal
    /// records them (Started is written with the outcome); nil for a retry, which writes no event.
    static func closeEvents(of activity: ClaimedActivity, identity: String, _ resolution: ActivityResolution)
        -> [(EventType, EventAttributes)]?
    {
        var started = EventAttributes()
        started.scheduledEventID = activity.scheduledEventID
        started.attempt = activity.attempt
        started.lastFailure = activity.lastFailure
        started.identity = identity
        var closed = EventAttributes()
        closed.scheduledEventID = activity.scheduledEventID
        closed.attempt = activity.attempt
        closed.identity = identity
        switch resolution {
        case .completed(let result):
            closed.result = result
            return [(.activityTaskStarted, started), (.activityTaskCompleted, closed)]
        case .failed(let failure, let timedOut):
            closed.failure = failure
            return [(.activityTaskStarted, started), (timedOut ? .activityTaskTimedOut : .activityTaskFailed, closed)]
        case .retry:
            return nil
        }
    }

    /// Records an attempt's outcome if `owner` still holds it, sharing the commit with other
    /// writers. With a `continuation`, the workflow task that follows is recorded in the same
    /// transaction when the run is exactly as the task saw it; otherwise the run becomes runnable.
    func resolveActivity(_ activity: ClaimedActivity, owner: String, _ resolution: ActivityResolution, now: Date,
                         continuation: TaskContinuation? = nil, eager: EagerDispatch? = nil) async throws
        -> ActivityRecording
    {
        // Encoded here, on the caller's thread, not by the single writer.
        let events = try Self.closeEvents(of: activity, identity: owner, resolution).map { try sealed($0) }
        let recording: ActivityRecording = try await committer.write {
            let key: [SQLiteValue] = [.text(activity.runID), .integer(Int64(activity.scheduledEventID))]
            guard let row = try self.database.query(
                "SELECT owner, attempt FROM activities WHERE run_id = ?1 AND scheduled_event_id = ?2", key).first,
                row.string(0) == owner, row.int(1) == activity.attempt
            else { return .lost }
            guard let events else {
                if case .retry(let failure, let time) = resolution {
                    try self.database.run(
                        """
                        UPDATE activities SET owner = NULL, lease_expiry = NULL, next_attempt_time = ?3, last_failure = ?4
                        WHERE run_id = ?1 AND scheduled_event_id = ?2
                        """, key + [.real(time.timeIntervalSince1970), .blob(try self.seal(failure))])
                }
                return .recorded
            }
            try self.database.run("DELETE FROM activities WHERE run_id = ?1 AND scheduled_event_id = ?2", key)
            if let continuation, try self.runIsAsSeen(activity.runID, nextEventID: continuation.firstEventID, owner: owner, now: now) {
                try self.append(activity.runID, events, now: now, markRunnable: false)
                var eager = eager
                if let commit = try? self.database.savepoint("task_result", {
                    try self.apply(continuation.task, run: activity.runID, workflowID: activity.workflowID,
                                   workflowType: activity.workflowType, newEventsArrived: false, eager: &eager, now: now)
                }) {
                    return .continued(commit)
                }
                // The task's commands could not be written (a refused payload, say): leave the
                // task to a worker, which records the error the normal way.
                try self.database.run("UPDATE workflows SET runnable = 1 WHERE run_id = ?1", [.text(activity.runID)])
                return .recorded
            }
            try self.append(activity.runID, events, now: now, markRunnable: true)
            return ActivityRecording.recorded
        }
        if case .continued(let commit) = recording, let outcome = continuation?.task.result.outcome, outcome != .blocked {
            closes.signal(activity.workflowID, closed: CloseNotifier.Closed(commit.appended.last))
        }
        pokeOtherProcesses(activity.workflowID)   // a workflow task for their workers, or a close for their clients
        return recording
    }

    /// True when the run is still running, has exactly the events a worker saw, and no other
    /// worker holds a live claim on it.
    private func runIsAsSeen(_ run: String, nextEventID: Int, owner: String, now: Date) throws -> Bool {
        guard let row = try database.query(
            "SELECT status, next_event_id, owner, lease_expiry FROM workflows WHERE run_id = ?1", [.text(run)]).first
        else { return false }
        let claimedByOther = row.string(2).map { $0 != owner && (row.double(3) ?? 0) >= now.timeIntervalSince1970 } ?? false
        return row.string(0) == WorkflowStatus.running.rawValue && row.int(1) == nextEventID && !claimedByOther
    }

    /// Saves an activity's heartbeat details and extends its lease.
    func recordHeartbeat(_ activity: ClaimedActivity, owner: String, details: Payload?, lease: Double) throws {
        let now = Date().timeIntervalSince1970
        _ = try database.transaction(durable: false) {
            try database.run(
                """
                UPDATE activities SET last_heartbeat = ?3, heartbeat_details = ?4, lease_expiry = ?5
                WHERE run_id = ?1 AND scheduled_event_id = ?2 AND owner = ?6
                """,
                [.text(activity.runID), .integer(Int64(activity.scheduledEventID)), .real(now),
                 .bytes(try details.map { try codec.seal($0.data) }), .real(now + lease), .text(owner)])
        }
    }
}
