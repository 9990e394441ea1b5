import Foundation
import JSONBytes
import RandomID
import SQLiteSupport

// What clients do to the history: start, signal, cancel, terminate, and read.
extension WorkflowStore {
    /// Starts a run, honouring the workflow-ID policies. Returns the run ID and whether it is new.
    func start(workflowID: String, workflowType: String, input: Payload, conflictPolicy: WorkflowIDConflictPolicy,
               reusePolicy: WorkflowIDReusePolicy) throws -> (runID: String, started: Bool) {
        try checkSize(input, "the input of workflow \(workflowID)")
        defer { announceStart(workflowID) }
        return try committer.writeBlocking { [self] in
            try insertStart(workflowID: workflowID, workflowType: workflowType, input: input,
                            conflictPolicy: conflictPolicy, reusePolicy: reusePolicy, runID: RandomID.timeOrderedUUID(),
                            now: Date())
        }
    }

    /// `start` without blocking a thread while the commit is shared with other writers. When a
    /// worker of this process runs the type, it runs the first workflow task here, and that task's
    /// commands (and the activities it claims) are recorded in the same commit as the start.
    func start(workflowID: String, workflowType: String, input: Payload, conflictPolicy: WorkflowIDConflictPolicy,
               reusePolicy: WorkflowIDReusePolicy) async throws -> (runID: String, started: Bool) {
        try checkSize(input, "the input of workflow \(workflowID)")
        var announced = false
        defer {
            // A terminated earlier run, or a waiter that now follows the new one.
            if !announced { closes.signal(workflowID) }
            pokeOtherProcesses(workflowID)
        }
        let now = Date()
        let runID = RandomID.timeOrderedUUID()
        var first: (starter: LocalStarter, history: [HistoryEvent], task: PreparedTask)?
        if let starter = localStarters.starter(for: workflowType) {
            let history = [HistoryEvent(eventID: 1, eventTime: Self.storedTime(now), eventType: .workflowExecutionStarted,
                                        attributes: Self.startedAttributes(workflowType, input: input, continuedFrom: nil))]
            // A task whose commands cannot be written (a refused payload) is left to a worker.
            if let result = await starter.runTask(workflowType, workflowID, runID, history), let task = try? prepare(result) {
                first = (starter, history, task)
            }
        }
        let (started, commit) = try await committer.write { [self, first] () -> ((runID: String, started: Bool), WorkflowTaskCommit?) in
            // A run whose first task is recorded right here is never runnable for the pollers
            // (and its row never enters the runnable index), unless recording the task fails.
            let started = try insertStart(workflowID: workflowID, workflowType: workflowType, input: input,
                                          conflictPolicy: conflictPolicy, reusePolicy: reusePolicy, runID: runID,
                                          runnable: first == nil, now: now)
            guard started.started, let first else { return (started, nil) }
            var eager = first.starter.eagerDispatch()
            let commit = try? database.savepoint("task_result") {
                try apply(first.task, run: runID, workflowID: workflowID, workflowType: workflowType,
                          newEventsArrived: false, eager: &eager, now: now)
            }
            if commit == nil {
                try database.run("UPDATE workflows SET runnable = 1 WHERE run_id = ?1", [.text(runID)])
            }
            return (started, commit)
        }
        if let first, let commit {
            // Before the claimed activities run, so that a close of theirs is seen after it.
            if first.task.result.outcome == .blocked {
                closes.signalStartedHere(workflowID)
                announced = true
            }
            first.starter.adopt(workflowType, commit, runID, first.history, first.task.result.outcome)
        } else {
            wakeup.signal()
        }
        return started
    }

    private func announceStart(_ workflowID: String) {
        wakeup.signal()
        closes.signal(workflowID)   // a terminated earlier run, or a waiter that now follows the new one
        pokeOtherProcesses(workflowID)
    }

    private func insertStart(workflowID: String, workflowType: String, input: Payload,
                             conflictPolicy: WorkflowIDConflictPolicy, reusePolicy: WorkflowIDReusePolicy, runID: String,
                             runnable: Bool = true, now: Date) throws -> (runID: String, started: Bool)
    {
        if let existing = try latestRun(workflowID) {
            if existing.status == .running {
                switch conflictPolicy {
                case .fail:
                    throw WorkflowAlreadyStarted(workflowID: workflowID, runID: existing.runID,
                                                 reason: "a run is still running (conflict policy: fail)")
                case .useExisting:
                    return (existing.runID, false)
                case .terminateExisting:
                    var attributes = EventAttributes()
                    attributes.reason = "terminated by a new start of the same workflow ID"
                    try close(existing.runID, status: .terminated, event: (.workflowExecutionTerminated, attributes),
                              result: nil, failure: nil, now: now)
                }
            } else {
                switch reusePolicy {
                case .allowDuplicate:
                    break
                case .allowDuplicateFailedOnly where existing.status != .completed:
                    break
                case .allowDuplicateFailedOnly:
                    throw WorkflowAlreadyStarted(workflowID: workflowID, runID: existing.runID,
                                                 reason: "the last run completed (reuse policy: allow-duplicate-failed-only)")
                case .rejectDuplicate:
                    throw WorkflowAlreadyStarted(workflowID: workflowID, runID: existing.runID,
                                                 reason: "the ID was used before (reuse policy: reject-duplicate)")
                }
            }
        }
        try insertRun(runID: runID, workflowID: workflowID, workflowType: workflowType, input: input,
                      continuedFrom: nil, runnable: runnable, now: now)
        return (runID, true)
    }

    /// Inserts a new run with its WorkflowExecutionStarted event, ready for a worker.
    func insertRun(runID: String, workflowID: String, workflowType: String, input: Payload, continuedFrom: String?,
                   runnable: Bool = true, now: Date) throws {
        try database.run(
            """
            INSERT INTO workflows(run_id, workflow_id, workflow_type, status, input, start_time, next_event_id, runnable,
                continued_from) VALUES(?1, ?2, ?3, 'RUNNING', ?4, ?5, 1, ?7, ?6)
            """,
            [.text(runID), .text(workflowID), .text(workflowType), .blob(try codec.seal(input.data)),
             .real(now.timeIntervalSince1970), .text(continuedFrom), .integer(runnable ? 1 : 0)])
        try append(runID, [(.workflowExecutionStarted, Self.startedAttributes(workflowType, input: input,
                                                                               continuedFrom: continuedFrom))],
                   now: now, markRunnable: runnable)
    }

    static func startedAttributes(_ workflowType: String, input: Payload, continuedFrom: String?) -> EventAttributes {
        var attributes = EventAttributes()
        attributes.workflowType = workflowType
        attributes.input = input
        attributes.continuedExecutionRunID = continuedFrom
        return attributes
    }

    /// Appends a signal to the running run of `workflowID`; a worker picks it up (now or later).
    func signal(workflowID: String, name: String, payload: Payload?) throws {
        try checkSize(payload, "the payload of signal \(name)")
        try database.transaction {
            let run = try runningRun(workflowID, action: "signal")
            var attributes = EventAttributes()
            attributes.signalName = name
            attributes.input = payload
            try append(run.runID, [(.workflowExecutionSignaled, attributes)], now: Date(), markRunnable: true)
        }
        wakeup.signal()
        pokeOtherProcesses(workflowID)
    }

    /// Records a cancellation request; the workflow sees it at its next await.
    func requestCancel(workflowID: String, reason: String) throws {
        try database.transaction {
            let run = try runningRun(workflowID, action: "cancel")
            var attributes = EventAttributes()
            attributes.reason = reason
            try append(run.runID, [(.workflowExecutionCancelRequested, attributes)], now: Date(), markRunnable: true)
        }
        wakeup.signal()
        pokeOtherProcesses(workflowID)
    }

    /// Ends the run at once, without running any more workflow code.
    func terminate(workflowID: String, reason: String) throws {
        try database.transaction {
            let run = try runningRun(workflowID, action: "terminate")
            var attributes = EventAttributes()
            attributes.reason = reason
            try close(run.runID, status: .terminated, event: (.workflowExecutionTerminated, attributes), result: nil,
                      failure: nil, now: Date())
        }
        closes.signal(workflowID)
        pokeOtherProcesses(workflowID)
    }

    private func runningRun(_ workflowID: String, action: String) throws -> WorkflowRecord {
        guard let run = try latestRun(workflowID) else { throw WorkflowNotFound(workflowID: workflowID) }
        guard run.status == .running else {
            throw StoreError("cannot \(action) workflow \(workflowID): it is \(run.status.rawValue.lowercased())")
        }
        return run
    }

    /// The latest run of `workflowID` with its pending work.
    /// The status of the latest run of `workflowID` with its result or failure: what a client
    /// waiting for the result needs, in one query.
    func outcome(workflowID: String) throws -> (status: WorkflowStatus, result: Payload?, failure: ActivityFailureInfo?) {
        guard let row = try reader.query(
            "SELECT status, result, failure FROM workflows WHERE workflow_id = ?1 ORDER BY start_time DESC, rowid DESC LIMIT 1",
            [.text(workflowID)]).first
        else { throw WorkflowNotFound(workflowID: workflowID) }
        return (WorkflowStatus(rawValue: row.string(0) ?? "") ?? .running,
                try row.bytes(1).map { Payload(data: try codec.open($0)) },
                try row.bytes(2).map { try open($0, as: ActivityFailureInfo.self) })
    }

    func describe(workflowID: String) throws -> WorkflowDescription {
        guard let run = try latestRun(workflowID, on: reader) else { throw WorkflowNotFound(workflowID: workflowID) }
        let closed = try reader.query("SELECT result, failure FROM workflows WHERE run_id = ?1", [.text(run.runID)]).first
        let activities = try reader.query(
            """
            SELECT activity_id, activity_type, attempt, owner, lease_expiry, scheduled_time, started_time, last_failure,
                next_attempt_time, last_heartbeat FROM activities WHERE run_id = ?1 ORDER BY scheduled_event_id
            """, [.text(run.runID)]
        ).map { row -> PendingActivity in
            let now = Date().timeIntervalSince1970
            let running = row.string(3) != nil && (row.double(4) ?? 0) > now
            let attempts = row.int(2) ?? 0
            let failure = try row.bytes(7).map { try open($0, as: ActivityFailureInfo.self) }
            return PendingActivity(
                activityID: row.string(0) ?? "", activityType: row.string(1) ?? "",
                attempt: running ? attempts : attempts + 1,
                state: running ? "started" : (attempts == 0 ? "scheduled" : "backing-off"),
                scheduledTime: Date(timeIntervalSince1970: row.double(5) ?? 0),
                lastStartedTime: row.double(6).map { Date(timeIntervalSince1970: $0) }, lastFailure: failure,
                nextAttemptTime: running ? nil : row.double(8).map { Date(timeIntervalSince1970: $0) },
                lastHeartbeatTime: row.double(9).map { Date(timeIntervalSince1970: $0) })
        }
        let timers = try reader.query(
            "SELECT timer_id, fire_time FROM timers WHERE run_id = ?1 ORDER BY fire_time", [.text(run.runID)]
        ).map { WorkflowDescription.PendingTimer(timerID: $0.string(0) ?? "", fireTime: Date(timeIntervalSince1970: $0.double(1) ?? 0)) }
        return WorkflowDescription(
            record: run, pendingActivities: activities, pendingTimers: timers,
            result: try closed?.bytes(0).map { Payload(data: try codec.open($0)) },
            failure: try closed?.bytes(1).map { try open($0, as: ActivityFailureInfo.self) })
    }

    /// Runs matching `filter`, newest first, a page at a time.
    func list(filter: WorkflowListFilter, pageSize: Int, pageToken: String?) throws -> WorkflowPage {
        var (conditions, bindings) = Self.conditions(filter)
        if let pageToken {
            let parts = pageToken.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, let time = Double(parts[0]), let rowid = Int64(parts[1]) else {
                throw StoreError("invalid page token \(pageToken)")
            }
            bindings.append(.real(time))
            bindings.append(.integer(rowid))
            conditions.append("(start_time < ?\(bindings.count - 1) OR (start_time = ?\(bindings.count - 1) AND rowid < ?\(bindings.count)))")
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        bindings.append(.integer(Int64(pageSize + 1)))
        let rows = try reader.query(
            "SELECT \(Self.recordColumns), rowid FROM workflows \(whereClause) ORDER BY start_time DESC, rowid DESC LIMIT ?\(bindings.count)",
            bindings)
        let records = try rows.prefix(pageSize).map(record)
        var token: String?
        if rows.count > pageSize, let last = rows.prefix(pageSize).last {
            token = "\(last.double(4) ?? 0):\(last.int64(7) ?? 0)"
        }
        return WorkflowPage(records: records, nextPageToken: token)
    }

    /// Every run of `workflowType` whose workflow ID begins with `idPrefix`, newest first, with
    /// its input. (SQLite's `substr` counts characters of text, as code points.)
    func runsWithInput(workflowType: String, idPrefix: String) throws -> [(record: WorkflowRecord, input: Payload)] {
        try reader.query(
            """
            SELECT \(Self.recordColumns), input FROM workflows WHERE workflow_type = ?1 AND substr(workflow_id, 1, ?2) = ?3
            ORDER BY start_time DESC, rowid DESC
            """, [.text(workflowType), .integer(Int64(idPrefix.unicodeScalars.count)), .text(idPrefix)]
        ).map { row in (try record(row), Payload(data: try codec.open(row.bytes(7) ?? []))) }
    }

    /// How many runs match `filter` (its status aside), by status.
    func statusCounts(filter: WorkflowListFilter) throws -> [WorkflowStatus: Int] {
        var unfiltered = filter
        unfiltered.status = nil
        let (conditions, bindings) = Self.conditions(unfiltered)
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        var counts: [WorkflowStatus: Int] = [:]
        for row in try reader.query("SELECT status, COUNT(*) FROM workflows \(whereClause) GROUP BY status", bindings) {
            if let status = WorkflowStatus(rawValue: row.string(0) ?? "") { counts[status] = row.int(1) ?? 0 }
        }
        return counts
    }

    /// The SQL conditions (numbered placeholders) and bindings for `filter`.
    private static func conditions(_ filter: WorkflowListFilter) -> (conditions: [String], bindings: [SQLiteValue]) {
        var conditions: [String] = []
        var bindings: [SQLiteValue] = []
        func add(_ condition: String, _ value: SQLiteValue) {
            bindings.append(value)
            conditions.append(condition.replacingOccurrences(of: "?", with: "?\(bindings.count)"))
        }
        if let status = filter.status { add("status = ?", .text(status.rawValue)) }
        if let type = filter.workflowType { add("workflow_type = ?", .text(type)) }
        if let id = filter.workflowID { add("workflow_id = ?", .text(id)) }
        if let after = filter.startedAfter { add("start_time >= ?", .real(after.timeIntervalSince1970)) }
        if let before = filter.startedBefore { add("start_time < ?", .real(before.timeIntervalSince1970)) }
        if let search = filter.search, !search.isEmpty {
            // LIKE with `\` as the escape, so that `%` and `_` in the text match themselves. In
            // the input the text is looked for as the stored JSON writes it (quotes escaped).
            var json = JSONWriter(capacity: search.utf8.count + 8)
            json.string(search)
            let inInput = String(decoding: json.bytes.dropFirst().dropLast(), as: UTF8.self)
            bindings.append(.text("%" + Self.likeEscaped(search) + "%"))
            bindings.append(.text("%" + Self.likeEscaped(inInput) + "%"))
            conditions.append("(workflow_id LIKE ?\(bindings.count - 1) ESCAPE '\\' OR CAST(input AS TEXT) LIKE ?\(bindings.count) ESCAPE '\\')")
        }
        return (conditions, bindings)
    }

    private static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    /// The last value a workflow published under `name`.
    func queryValue(workflowID: String, name: String) throws -> Payload? {
        guard let run = try latestRun(workflowID, on: reader) else { throw WorkflowNotFound(workflowID: workflowID) }
        return try reader.query("SELECT value FROM query_values WHERE run_id = ?1 AND name = ?2",
                                  [.text(run.runID), .text(name)])
            .first?.bytes(0).map { Payload(data: try codec.open($0)) }
    }

    /// True when some worker has heartbeated within `window` seconds and its process still
    /// exists (WAL needs every process on this host, so the pid can be checked).
    func hasLiveWorker(window: Double) throws -> Bool {
        let since = Date().timeIntervalSince1970 - window
        return try reader.query("SELECT pid FROM workers WHERE heartbeat > ?1", [.real(since)]).contains { row in
            guard let pid = row.int(0) else { return false }
            return kill(pid_t(pid), 0) == 0 || errno == EPERM
        }
    }
}
