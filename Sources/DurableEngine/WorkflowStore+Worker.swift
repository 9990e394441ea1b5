import Foundation
import SQLiteSupport

/// A workflow task a worker claimed: the run and its history when claimed.
struct ClaimedWorkflowTask: Sendable {
    let runID: String
    let workflowID: String
    let workflowType: String
    /// `next_event_id` when claimed: if it moved by completion time, new events arrived meanwhile.
    let nextEventID: Int
}

/// An activity attempt a worker claimed.
struct ClaimedActivity: Sendable {
    let runID: String
    let workflowID: String
    let scheduledEventID: Int
    let activityID: String
    let activityType: String
    let input: Payload
    let options: ActivityOptions
    let attempt: Int
    let scheduledTime: Date
    let lastFailure: ActivityFailureInfo?
    let heartbeatDetails: Payload?
}

// What workers do to the history: claim, complete, retry, fire timers, keep leases.
extension WorkflowStore {
    /// Claims up to `limit` runs that need a workflow task, for `lease` seconds.
    func claimWorkflowTasks(owner: String, types: [String], limit: Int, lease: Double) throws -> [ClaimedWorkflowTask] {
        let now = Date().timeIntervalSince1970
        let typeList = Self.placeholders(types.count, from: 3)
        return try database.transaction {
            let rows = try database.query(
                """
                SELECT run_id, workflow_id, workflow_type, next_event_id FROM workflows
                WHERE runnable = 1 AND (owner IS NULL OR lease_expiry < ?1) AND workflow_type IN (\(typeList)) LIMIT ?2
                """, [.real(now), .integer(Int64(limit))] + types.map { .text($0) })
            return try rows.map { row in
                let runID = row.string(0) ?? ""
                try database.run("UPDATE workflows SET owner = ?2, lease_expiry = ?3 WHERE run_id = ?1",
                                 [.text(runID), .text(owner), .real(now + lease)])
                return ClaimedWorkflowTask(runID: runID, workflowID: row.string(1) ?? "", workflowType: row.string(2) ?? "",
                                           nextEventID: row.int(3) ?? 0)
            }
        }
    }

    /// Records a workflow task's commands and outcome, if `owner` still owns the run.
    /// Returns false when the lease was lost (another worker took over; nothing is written).
    @discardableResult
    func completeWorkflowTask(_ task: ClaimedWorkflowTask, owner: String, result: WorkflowTaskResult) throws -> Bool {
        let now = Date()
        return try database.transaction {
            guard let row = try database.query("SELECT owner, next_event_id, status FROM workflows WHERE run_id = ?1",
                                               [.text(task.runID)]).first,
                  row.string(0) == owner, row.string(2) == WorkflowStatus.running.rawValue
            else { return false }
            let newEventsArrived = row.int(1) != task.nextEventID
            for command in result.commands { try record(command, run: task.runID, now: now) }
            for (name, value) in result.queryValues {
                try database.run("INSERT OR REPLACE INTO query_values(run_id, name, value) VALUES(?1, ?2, ?3)",
                                 [.text(task.runID), .text(name), .blob(try codec.seal(value.data))])
            }
            switch result.outcome {
            case .blocked:
                try database.run(
                    "UPDATE workflows SET runnable = ?2, owner = NULL, lease_expiry = NULL WHERE run_id = ?1",
                    [.text(task.runID), .integer(newEventsArrived ? 1 : 0)])
            case .completed(let output):
                do {
                    try checkSize(output, "the result of workflow \(task.workflowID)")
                    var attributes = EventAttributes()
                    attributes.result = output
                    try close(task.runID, status: .completed, event: (.workflowExecutionCompleted, attributes),
                              result: output, failure: nil, now: now)
                } catch let error as ApplicationError {
                    try fail(task.runID, ActivityFailureInfo(error), now: now)
                }
            case .failed(let failure):
                try fail(task.runID, failure, now: now)
            case .canceled:
                try close(task.runID, status: .canceled, event: (.workflowExecutionCanceled, EventAttributes()), result: nil,
                          failure: nil, now: now)
            case .continuedAsNew(let input):
                let newRunID = UUID().uuidString.lowercased()
                var attributes = EventAttributes()
                attributes.newExecutionRunID = newRunID
                attributes.workflowType = task.workflowType
                attributes.input = input
                try close(task.runID, status: .continuedAsNew, event: (.workflowExecutionContinuedAsNew, attributes),
                          result: nil, failure: nil, now: now)
                try insertRun(runID: newRunID, workflowID: task.workflowID, workflowType: task.workflowType, input: input,
                              continuedFrom: task.runID, now: now.addingTimeInterval(0.000_001))
            }
            return true
        }
    }

    private func fail(_ run: String, _ failure: ActivityFailureInfo, now: Date) throws {
        var attributes = EventAttributes()
        attributes.failure = failure
        try close(run, status: .failed, event: (.workflowExecutionFailed, attributes), result: nil, failure: failure, now: now)
    }

    private func record(_ command: WorkflowCommand, run: String, now: Date) throws {
        var attributes = EventAttributes()
        switch command {
        case .scheduleActivity(let activityID, let activityType, let input, let options):
            try checkSize(input, "the input of activity \(activityType)")
            attributes.activityID = activityID
            attributes.activityType = activityType
            attributes.input = input
            attributes.options = options
            let eventID = try append(run, [(.activityTaskScheduled, attributes)], now: now, markRunnable: false)
            try database.run(
                """
                INSERT INTO activities(run_id, scheduled_event_id, activity_id, activity_type, input, options, scheduled_time,
                    next_attempt_time) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)
                """,
                [.text(run), .integer(Int64(eventID)), .text(activityID), .text(activityType),
                 .blob(try codec.seal(input.data)), .blob(try seal(options)), .real(now.timeIntervalSince1970)])
        case .startTimer(let timerID, let duration):
            attributes.timerID = timerID
            attributes.startToFireTimeout = duration
            let eventID = try append(run, [(.timerStarted, attributes)], now: now, markRunnable: false)
            try database.run(
                "INSERT INTO timers(run_id, started_event_id, timer_id, fire_time) VALUES(?1, ?2, ?3, ?4)",
                [.text(run), .integer(Int64(eventID)), .text(timerID), .real(now.timeIntervalSince1970 + duration.seconds)])
        case .recordMarker(let name, let details):
            attributes.markerName = name
            attributes.details = details
            try append(run, [(.markerRecorded, attributes)], now: now, markRunnable: false)
        }
    }

    /// Claims up to `limit` activity attempts that are due, for `lease` seconds. An attempt whose
    /// worker vanished (expired lease) is claimed again as the next attempt.
    func claimActivities(owner: String, types: [String], limit: Int, lease: Double) throws -> [ClaimedActivity] {
        let now = Date().timeIntervalSince1970
        let typeList = Self.placeholders(types.count, from: 3)
        return try database.transaction {
            let rows = try database.query(
                """
                SELECT a.run_id, w.workflow_id, a.scheduled_event_id, a.activity_id, a.activity_type, a.input, a.options,
                    a.attempt, a.scheduled_time, a.last_failure, a.heartbeat_details, a.owner
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
                    runID: runID, workflowID: row.string(1) ?? "", scheduledEventID: scheduledEventID,
                    activityID: row.string(3) ?? "", activityType: row.string(4) ?? "",
                    input: Payload(data: try codec.open(row.bytes(5) ?? [])),
                    options: try open(row.bytes(6) ?? [], as: ActivityOptions.self), attempt: (row.int(7) ?? 0) + 1,
                    scheduledTime: Date(timeIntervalSince1970: row.double(8) ?? now), lastFailure: lastFailure,
                    heartbeatDetails: try row.bytes(10).map { Payload(data: try codec.open($0)) })
            }
        }
    }

    /// `?3, ?4, ...` for an IN list of `count` values (at least one, so `IN ()` never occurs).
    static func placeholders(_ count: Int, from first: Int) -> String {
        count == 0 ? "NULL" : (first..<(first + count)).map { "?\($0)" }.joined(separator: ", ")
    }

    /// How an activity attempt ended.
    enum ActivityResolution {
        case completed(Payload)
        /// Failed; retry at the given time.
        case retry(ActivityFailureInfo, at: Date)
        /// Failed for good (or timed out when `timedOut`).
        case failed(ActivityFailureInfo, timedOut: Bool)
    }

    /// Records an attempt's outcome if `owner` still holds it. Returns false when it does not
    /// (the lease expired and another worker took over): then nothing is written.
    @discardableResult
    func resolveActivity(_ activity: ClaimedActivity, owner: String, identity: String, _ resolution: ActivityResolution)
        throws -> Bool
    {
        let now = Date()
        return try database.transaction {
            let key: [SQLiteValue] = [.text(activity.runID), .integer(Int64(activity.scheduledEventID))]
            guard let row = try database.query(
                "SELECT owner, attempt FROM activities WHERE run_id = ?1 AND scheduled_event_id = ?2", key).first,
                row.string(0) == owner, row.int(1) == activity.attempt
            else { return false }
            if case .retry(let failure, let time) = resolution {
                try database.run(
                    """
                    UPDATE activities SET owner = NULL, lease_expiry = NULL, next_attempt_time = ?3, last_failure = ?4
                    WHERE run_id = ?1 AND scheduled_event_id = ?2
                    """, key + [.real(time.timeIntervalSince1970), .blob(try seal(failure))])
                return true
            }
            var started = EventAttributes()
            started.scheduledEventID = activity.scheduledEventID
            started.attempt = activity.attempt
            started.lastFailure = activity.lastFailure
            started.identity = identity
            var closed = EventAttributes()
            closed.scheduledEventID = activity.scheduledEventID
            closed.attempt = activity.attempt
            closed.identity = identity
            let closeType: EventType
            switch resolution {
            case .completed(let result):
                closed.result = result
                closeType = .activityTaskCompleted
            case .failed(let failure, let timedOut):
                closed.failure = failure
                closeType = timedOut ? .activityTaskTimedOut : .activityTaskFailed
            case .retry:
                return true
            }
            try append(activity.runID, [(.activityTaskStarted, started), (closeType, closed)], now: now, markRunnable: true)
            try database.run("DELETE FROM activities WHERE run_id = ?1 AND scheduled_event_id = ?2", key)
            return true
        }
    }

    /// Saves an activity's heartbeat details and extends its lease.
    func recordHeartbeat(_ activity: ClaimedActivity, owner: String, details: Payload?, lease: Double) throws {
        let now = Date().timeIntervalSince1970
        try database.run(
            """
            UPDATE activities SET last_heartbeat = ?3, heartbeat_details = ?4, lease_expiry = ?5
            WHERE run_id = ?1 AND scheduled_event_id = ?2 AND owner = ?6
            """,
            [.text(activity.runID), .integer(Int64(activity.scheduledEventID)), .real(now),
             .bytes(try details.map { try codec.seal($0.data) }), .real(now + lease), .text(owner)])
    }

    /// Fires due timers: appends TimerFired and makes their runs runnable. Returns how many fired.
    @discardableResult
    func fireDueTimers() throws -> Int {
        let now = Date()
        let due = try database.query("SELECT 1 FROM timers WHERE fire_time <= ?1 LIMIT 1", [.real(now.timeIntervalSince1970)])
        guard !due.isEmpty else { return 0 }
        return try database.transaction {
            let rows = try database.query(
                "SELECT run_id, started_event_id, timer_id FROM timers WHERE fire_time <= ?1 ORDER BY fire_time LIMIT 500",
                [.real(now.timeIntervalSince1970)])
            for row in rows {
                var attributes = EventAttributes()
                attributes.timerID = row.string(2)
                attributes.scheduledEventID = row.int(1)
                try append(row.string(0) ?? "", [(.timerFired, attributes)], now: now, markRunnable: true)
                try database.run("DELETE FROM timers WHERE run_id = ?1 AND started_event_id = ?2",
                                 [.text(row.string(0) ?? ""), .integer(Int64(row.int(1) ?? 0))])
            }
            return rows.count
        }
    }

    /// The earliest time a timer or activity retry is due, if any.
    func nextDueTime() throws -> Date? {
        let row = try database.query(
            "SELECT MIN(t) FROM (SELECT MIN(fire_time) AS t FROM timers UNION ALL SELECT MIN(next_attempt_time) FROM activities WHERE owner IS NULL)"
        ).first
        return row?.double(0).map { Date(timeIntervalSince1970: $0) }
    }

    /// Extends every lease `owner` holds and refreshes its liveness row.
    func renewLeases(owner: String, lease: Double) throws {
        let now = Date().timeIntervalSince1970
        try database.transaction {
            try database.run("UPDATE workflows SET lease_expiry = ?2 WHERE owner = ?1", [.text(owner), .real(now + lease)])
            try database.run("UPDATE activities SET lease_expiry = ?2 WHERE owner = ?1", [.text(owner), .real(now + lease)])
            try database.run(
                """
                INSERT INTO workers(identity, pid, started_at, heartbeat) VALUES(?1, ?2, ?3, ?3)
                ON CONFLICT(identity) DO UPDATE SET heartbeat = ?3
                """, [.text(owner), .integer(Int64(getpid())), .real(now)])
        }
    }

    /// Gives back everything `owner` holds (graceful shutdown) and forgets the worker.
    func releaseAll(owner: String) throws {
        try database.transaction {
            try database.run("UPDATE workflows SET owner = NULL, lease_expiry = NULL WHERE owner = ?1", [.text(owner)])
            try database.run(
                "UPDATE activities SET owner = NULL, lease_expiry = NULL, attempt = attempt - 1 WHERE owner = ?1",
                [.text(owner)])
            try database.run("DELETE FROM workers WHERE identity = ?1", [.text(owner)])
        }
    }
}
