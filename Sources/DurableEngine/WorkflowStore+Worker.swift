import Foundation
import RandomID
import SQLiteSupport

// What workers do to the history for workflow tasks: claim them and record their commands.
extension WorkflowStore {
    /// Claims up to `limit` runs that need a workflow task, for `lease` seconds. A claim is not
    /// history: its commit skips the fsync (a power loss only forgets the claim).
    func claimWorkflowTasks(owner: String, types: [String], limit: Int, lease: Double) throws -> [ClaimedWorkflowTask] {
        let now = Date().timeIntervalSince1970
        let typeList = Self.placeholders(types.count, from: 3)
        let candidates = "FROM workflows WHERE runnable = 1 AND (owner IS NULL OR lease_expiry < ?1) AND workflow_type IN (\(typeList))"
        // Look on the reader first: most polls find nothing and need no write transaction.
        guard try !reader.query("SELECT 1 \(candidates) LIMIT ?2", [.real(now), .integer(1)] + types.map { .text($0) }).isEmpty
        else { return [] }
        return try database.transaction(durable: false) {
            let rows = try database.query(
                """
                SELECT run_id, workflow_id, workflow_type, next_event_id, owner FROM workflows
                WHERE runnable = 1 AND (owner IS NULL OR lease_expiry < ?1) AND workflow_type IN (\(typeList)) LIMIT ?2
                """, [.real(now), .integer(Int64(limit))] + types.map { .text($0) })
            return try rows.map { row in
                let runID = row.string(0) ?? ""
                try database.run("UPDATE workflows SET owner = ?2, lease_expiry = ?3 WHERE run_id = ?1",
                                 [.text(runID), .text(owner), .real(now + lease)])
                return ClaimedWorkflowTask(runID: runID, workflowID: row.string(1) ?? "", workflowType: row.string(2) ?? "",
                                           nextEventID: row.int(3) ?? 0, takenOver: row.string(4) != nil)
            }
        }
    }

    /// Records a workflow task's commands and outcome, if `owner` still owns the run; activities
    /// it schedules are claimed for `eager` when given. The commit is shared with other writers.
    func completeWorkflowTask(_ task: ClaimedWorkflowTask, owner: String, result: WorkflowTaskResult,
                              eager: EagerDispatch?) async throws -> WorkflowTaskCommit {
        let now = Date()
        let prepared = try prepare(result)
        var lastEvent: HistoryEvent?   // the close event, when the task closed the run
        defer {
            if result.outcome != .blocked { closes.signal(task.workflowID, closed: CloseNotifier.Closed(lastEvent)) }
            pokeOtherProcesses(task.workflowID)   // activities or timers for their workers, a close for their clients
        }
        let commit: WorkflowTaskCommit = try await committer.write {
            guard let row = try self.database.query("SELECT owner, next_event_id, status FROM workflows WHERE run_id = ?1",
                                                    [.text(task.runID)]).first,
                  row.string(0) == owner, row.string(2) == WorkflowStatus.running.rawValue
            else { return .rejected }
            let newEventsArrived = row.int(1) != task.nextEventID
            var eager = eager
            return try self.apply(prepared, run: task.runID, workflowID: task.workflowID, workflowType: task.workflowType,
                                  newEventsArrived: newEventsArrived, eager: &eager, now: now)
        }
        lastEvent = commit.appended.last
        return commit
    }

    /// Writes a workflow task's result inside the caller's transaction and gives the run back.
    func apply(_ task: PreparedTask, run: String, workflowID: String, workflowType: String, newEventsArrived: Bool,
               eager: inout EagerDispatch?, now: Date) throws -> WorkflowTaskCommit {
        let result = task.result
        var commit = WorkflowTaskCommit(accepted: true)
        if !task.commands.isEmpty {
            // All of the task's events in one append, then what each command adds beside its event.
            commit.appended = try append(run, task.commands.map(\.event), now: now, markRunnable: false)
            for (command, event) in zip(task.commands, commit.appended) {
                try record(command, eventID: event.eventID, run: run, workflowID: workflowID, workflowType: workflowType,
                           eager: &eager, claimed: &commit.eagerActivities, now: now)
            }
        }
        for (name, value) in result.queryValues {
            try database.run("INSERT OR REPLACE INTO query_values(run_id, name, value) VALUES(?1, ?2, ?3)",
                             [.text(run), .text(name), .blob(try codec.seal(value.data))])
        }
        switch result.outcome {
        case .blocked:
            // Skips the write (and the index pages it dirties) when the row already says so.
            try database.run(
                """
                UPDATE workflows SET runnable = ?2, owner = NULL, lease_expiry = NULL
                WHERE run_id = ?1 AND (runnable != ?2 OR owner IS NOT NULL)
                """, [.text(run), .integer(newEventsArrived ? 1 : 0)])
        case .completed(let output):
            do {
                try checkSize(output, "the result of workflow \(workflowID)")
                var attributes = EventAttributes()
                attributes.result = output
                commit.appended += try close(run, status: .completed, event: (.workflowExecutionCompleted, attributes),
                                             result: output, failure: nil, now: now)
            } catch let error as ApplicationError {
                commit.appended += try fail(run, ActivityFailureInfo(error), now: now)
            }
            commit.eagerActivities = []
        case .failed(let failure):
            commit.appended += try fail(run, failure, now: now)
            commit.eagerActivities = []
        case .canceled:
            commit.appended += try close(run, status: .canceled, event: (.workflowExecutionCanceled, EventAttributes()),
                                         result: nil, failure: nil, now: now)
            commit.eagerActivities = []
        case .continuedAsNew(let input):
            let newRunID = RandomID.timeOrderedUUID()
            var attributes = EventAttributes()
            attributes.newExecutionRunID = newRunID
            attributes.workflowType = workflowType
            attributes.input = input
            commit.appended += try close(run, status: .continuedAsNew, event: (.workflowExecutionContinuedAsNew, attributes),
                                         result: nil, failure: nil, now: now)
            commit.eagerActivities = []
            try insertRun(runID: newRunID, workflowID: workflowID, workflowType: workflowType, input: input,
                          continuedFrom: run, now: now.addingTimeInterval(0.000_001))
        }
        return commit
    }

    private func fail(_ run: String, _ failure: ActivityFailureInfo, now: Date) throws -> [HistoryEvent] {
        var attributes = EventAttributes()
        attributes.failure = failure
        return try close(run, status: .failed, event: (.workflowExecutionFailed, attributes), result: nil, failure: failure,
                         now: now)
    }

    /// Encodes what a task's commands will write (and refuses payloads over the limit) before
    /// the transaction, so the single writer only writes bytes.
    func prepare(_ result: WorkflowTaskResult) throws -> PreparedTask {
        let commands = try result.commands.map { command -> PreparedTask.Command in
            var attributes = EventAttributes()
            let type: EventType
            var storedInput: [UInt8]?
            var storedOptions: [UInt8]?
            switch command {
            case .scheduleActivity(let activityID, let activityType, let input, let options):
                try checkSize(input, "the input of activity \(activityType)")
                attributes.activityID = activityID
                attributes.activityType = activityType
                attributes.input = input
                attributes.options = options
                type = .activityTaskScheduled
                storedInput = try codec.seal(input.data)
                storedOptions = try seal(options)
            case .startTimer(let timerID, let duration):
                attributes.timerID = timerID
                attributes.startToFireTimeout = duration
                type = .timerStarted
            case .recordMarker(let name, let details):
                attributes.markerName = name
                attributes.details = details
                type = .markerRecorded
            }
            return PreparedTask.Command(command: command, event: try sealed(type, attributes), input: storedInput,
                                        options: storedOptions)
        }
        return PreparedTask(result: result, commands: commands)
    }

    /// Writes what a command adds beside its event (appended as `eventID`): the pending activity,
    /// claimed for this worker when `eager` has room, or the timer.
    private func record(_ prepared: PreparedTask.Command, eventID: Int, run: String, workflowID: String, workflowType: String,
                        eager: inout EagerDispatch?, claimed: inout [ClaimedActivity], now: Date) throws {
        switch prepared.command {
        case .scheduleActivity(let activityID, let activityType, let input, let options):
            var owner: String?
            if let dispatch = eager, dispatch.capacity > 0, dispatch.activities.body(for: activityType) != nil {
                owner = dispatch.owner
                eager?.capacity -= 1
            }
            let time = now.timeIntervalSince1970
            try database.run(
                """
                INSERT INTO activities(run_id, scheduled_event_id, activity_id, activity_type, input, options, scheduled_time,
                    next_attempt_time, owner, lease_expiry, attempt, started_time, last_heartbeat)
                VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9, ?10, ?11, ?11)
                """,
                [.text(run), .integer(Int64(eventID)), .text(activityID), .text(activityType),
                 .blob(prepared.input ?? []), .blob(prepared.options ?? []), .real(time), .text(owner),
                 owner == nil ? .null : .real(time + (eager?.lease ?? 0)), .integer(owner == nil ? 0 : 1),
                 owner == nil ? .null : .real(time)])
            if owner != nil {
                claimed.append(ClaimedActivity(
                    runID: run, workflowID: workflowID, workflowType: workflowType, scheduledEventID: eventID,
                    activityID: activityID, activityType: activityType, input: input, options: options, attempt: 1,
                    scheduledTime: Self.storedTime(now), lastFailure: nil, heartbeatDetails: nil, dueTime: now))
            }
        case .startTimer(let timerID, let duration):
            try database.run(
                "INSERT INTO timers(run_id, started_event_id, timer_id, fire_time) VALUES(?1, ?2, ?3, ?4)",
                [.text(run), .integer(Int64(eventID)), .text(timerID), .real(now.timeIntervalSince1970 + duration.seconds)])
        case .recordMarker:
            break
        }
    }

    /// `?3, ?4, ...` for an IN list of `count` values (at least one, so `IN ()` never occurs).
    static func placeholders(_ count: Int, from first: Int) -> String {
        count == 0 ? "NULL" : (first..<(first + count)).map { "?\($0)" }.joined(separator: ", ")
    }
}
