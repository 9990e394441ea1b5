import Foundation
import RandomID

/// A started (or found) workflow run.
public struct WorkflowExecution: Sendable, Equatable {
    public var workflowID: String
    public var runID: String
    /// False when the conflict policy `use-existing` returned a running run.
    public var started: Bool

    /// Memberwise; `package` so that other backends of this package can build one.
    package init(workflowID: String, runID: String, started: Bool) {
        self.workflowID = workflowID
        self.runID = runID
        self.started = started
    }
}

/// Starts workflows and reads, signals, queries, cancels and terminates them.
///
/// ```swift
/// let client = WorkflowClient(store: try WorkflowStore(path: ".switchboard/history.db"))
/// let run = try client.start(Greeting.self, input: "Ada", id: "greet-ada")
/// let text = try await client.result(workflowID: run.workflowID, as: String.self)
/// ```
public struct WorkflowClient: Sendable {
    public let store: WorkflowStore

    public init(store: WorkflowStore) {
        self.store = store
    }

    /// Starts `W` with `input` under `id` (a new UUID when nil), honouring the ID policies.
    /// - Throws: `WorkflowAlreadyStarted` when a policy refuses.
    @discardableResult
    public func start<W: WorkflowDefinition>(
        _ workflow: W.Type, input: W.Input, id: String? = nil, conflictPolicy: WorkflowIDConflictPolicy = .fail,
        reusePolicy: WorkflowIDReusePolicy = .allowDuplicate
    ) throws -> WorkflowExecution {
        let workflowID = try Self.checkedID(id)
        let (runID, started) = try store.start(
            workflowID: workflowID, workflowType: W.workflowType, input: try Payload(encodingKept: input),
            conflictPolicy: conflictPolicy, reusePolicy: reusePolicy)
        return WorkflowExecution(workflowID: workflowID, runID: runID, started: started)
    }

    /// `start` for async callers: the commit is shared with concurrent writers without blocking a
    /// thread. When a worker of this process runs `W`, the first workflow task is recorded with
    /// the start and the activities it claims begin on this task's thread: the call returns when
    /// they first suspend, or after they finish if they never do.
    @discardableResult
    public func start<W: WorkflowDefinition>(
        _ workflow: W.Type, input: W.Input, id: String? = nil, conflictPolicy: WorkflowIDConflictPolicy = .fail,
        reusePolicy: WorkflowIDReusePolicy = .allowDuplicate
    ) async throws -> WorkflowExecution {
        let workflowID = try Self.checkedID(id)
        let (runID, started) = try await store.start(
            workflowID: workflowID, workflowType: W.workflowType, input: try Payload(encodingKept: input),
            conflictPolicy: conflictPolicy, reusePolicy: reusePolicy)
        return WorkflowExecution(workflowID: workflowID, runID: runID, started: started)
    }

    private static func checkedID(_ id: String?) throws -> String {
        let workflowID = id ?? RandomID.timeOrderedUUID()
        guard !workflowID.isEmpty, workflowID.count <= 1000 else {
            throw StoreError("a workflow ID must have 1 to 1000 characters")
        }
        // A newline or an escape sequence would break every table and log line that shows the ID.
        if let bad = workflowID.unicodeScalars.first(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) {
            throw StoreError("a workflow ID must not contain control characters (found U+\(String(bad.value, radix: 16, uppercase: true)))")
        }
        return workflowID
    }

    /// Waits for the workflow (following continue-as-new) to close and returns its result.
    /// Cancelling the waiting task ends the wait within 0.2 s; the workflow goes on.
    /// - Throws: `WorkflowFailed` when it failed, was cancelled or terminated; `StoreError` on
    ///   timeout; `CancellationError` when the waiting task was cancelled.
    public func result<O: Decodable>(workflowID: String, as type: O.Type, timeout: Duration? = nil) async throws -> O {
        let deadline = timeout.map { Date().addingTimeInterval($0.seconds) }
        store.watchOtherProcesses()   // a close by a worker in another process wakes the wait below
        var interval = 0.005
        var firstPass = true
        while true {
            // A caller that stopped waiting (`route` detaching) must not be kept here.
            try Task.checkCancellation()
            // Registered before the read, so that a close landing between the two is not missed.
            let ticket = store.closes.register(workflowID)
            let finished: O?
            // A run started here that has not closed here is running: the first read is skipped
            // (a close by another process is still found by the read after the first wait).
            if firstPass && ticket.openHere {
                finished = nil
            } else {
                do { finished = try closedResult(workflowID, as: type) } catch {
                    store.closes.cancel(ticket)
                    throw error
                }
            }
            firstPass = false
            if let finished {
                store.closes.cancel(ticket)
                return finished
            }
            if let deadline, Date() > deadline {
                store.closes.cancel(ticket)
                throw StoreError("workflow \(workflowID) is still running after \(timeout!.seconds) s")
            }
            // A close in this process says how the run ended: no need to read it back.
            if let closed = await store.closes.wait(ticket, timeout: .seconds(interval)),
               let value = try settled(workflowID, closed.status, result: closed.result, failure: closed.failure, as: type) {
                return value
            }
            interval = min(interval * 2, 0.2)
        }
    }

    /// The result of the latest run if it closed, nil while it runs.
    /// - Throws: `WorkflowFailed` when it failed, was cancelled or terminated.
    private func closedResult<O: Decodable>(_ workflowID: String, as type: O.Type) throws -> O? {
        let outcome = try store.outcome(workflowID: workflowID)
        return try settled(workflowID, outcome.status, result: outcome.result, failure: outcome.failure, as: type)
    }

    /// The result for a run in `status`, nil while it runs.
    private func settled<O: Decodable>(_ workflowID: String, _ status: WorkflowStatus, result: Payload?,
                                       failure: ActivityFailureInfo?, as type: O.Type) throws -> O? {
        switch status {
        case .running, .continuedAsNew:
            return nil
        case .completed:
            return try (result ?? Payload(data: Array("null".utf8))).decode(O.self)
        case .failed, .canceled, .terminated:
            throw WorkflowFailed(workflowID: workflowID, status: status,
                                 message: failure?.message ?? closingReason(workflowID) ?? "no reason recorded")
        }
    }

    private func closingReason(_ workflowID: String) -> String? {
        (try? history(workflowID: workflowID))?.last?.attributes.reason
    }

    /// What the activities of run `runID` published live (`ActivityContext.publish`) after
    /// `cursor`, and the cursor to pass next time. Empty once the run closed.
    public func liveOutput(runID: String, after cursor: LiveOutputCursor = LiveOutputCursor())
        -> (chunks: [LiveChunk], cursor: LiveOutputCursor)
    {
        // Only this process writes the file and a worker of it runs here, so the attempt that
        // publishes will be here too: no need to subscribe to the run's file (see LiveOutput).
        let onlyHere = store.localStarters.any && store.watchOtherProcesses() && !store.runChanges.heardOtherProcesses
        return store.live?.read(runID: runID, after: cursor, publisherMayBeElsewhere: !onlyHere) ?? ([], cursor)
    }

    /// The latest run of `workflowID`: its type, status and times, which are never encrypted.
    public func record(workflowID: String) throws -> WorkflowRecord {
        guard let run = try store.latestRun(workflowID, on: store.reader) else { throw WorkflowNotFound(workflowID: workflowID) }
        return run
    }

    /// The latest run's status, pending activities (attempt, last failure, next retry) and timers.
    public func describe(workflowID: String) throws -> WorkflowDescription {
        try store.describe(workflowID: workflowID)
    }

    /// The history of the latest run of `workflowID` (or of `runID`), from the event after
    /// `afterEventID` (0: all of it).
    public func history(workflowID: String, runID: String? = nil, afterEventID: Int = 0) throws -> [HistoryEvent] {
        let run = try runID ?? store.latestRun(workflowID)?.runID
        guard let run else { throw WorkflowNotFound(workflowID: workflowID) }
        return try store.events(runID: run, after: afterEventID)
    }

    /// How many runs match `filter` (whatever its status says), by status.
    public func statusCounts(filter: WorkflowListFilter = .init()) throws -> [WorkflowStatus: Int] {
        try store.statusCounts(filter: filter)
    }

    /// Starts listening for other processes' commits and returns the number of changes seen so
    /// far, for `waitForChange(after:timeout:)`.
    public func watchForChanges() -> UInt64 {
        store.watchOtherProcesses()
        return store.runChanges.stamp(.anyWorkflow)
    }

    /// Returns when the history may have changed since the watcher saw `count` changes (a
    /// commit by this process, or a poke from another process on the file), or after
    /// `timeout`; returns the count to pass next time. A change while the watcher was busy
    /// makes this return at once.
    public func waitForChange(after count: UInt64, timeout: Duration) async -> UInt64 {
        store.watchOtherProcesses()
        await store.runChanges.wait(.anyWorkflow, after: count, timeout: timeout)
        return store.runChanges.stamp(.anyWorkflow)
    }

    /// Follows the changes of `workflowID` (see `RunWatch`), for reports on a run while it goes.
    public func watch(workflowID: String) -> RunWatch {
        RunWatch(workflowID: workflowID, store: store)
    }

    /// Runs matching `filter`, newest first.
    public func list(filter: WorkflowListFilter = .init(), pageSize: Int = 50, pageToken: String? = nil) throws -> WorkflowPage {
        try store.list(filter: filter, pageSize: max(1, pageSize), pageToken: pageToken)
    }

    /// Every run of `workflowType` whose workflow ID begins with `idPrefix`, newest first, with
    /// the input it started with (one read, for listings that filter by what the input says).
    public func runsWithInput(workflowType: String, idPrefix: String = "") throws -> [(record: WorkflowRecord, input: Payload)] {
        try store.runsWithInput(workflowType: workflowType, idPrefix: idPrefix)
    }

    /// Sends signal `name` with a payload.
    public func signal<T: Encodable>(workflowID: String, name: String, payload: T) throws {
        try store.signal(workflowID: workflowID, name: name, payload: try Payload(encoding: payload))
    }

    /// Sends signal `name` without a payload.
    public func signal(workflowID: String, name: String) throws {
        try store.signal(workflowID: workflowID, name: name, payload: nil)
    }

    /// Sends signal `name` with raw JSON (as the CLI does).
    public func signal(workflowID: String, name: String, json: String?) throws {
        if let json {
            guard (try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed])) != nil else {
                throw StoreError("the signal payload is not valid JSON: \(json)")
            }
        }
        try store.signal(workflowID: workflowID, name: name, payload: json.map { Payload(data: Array($0.utf8)) })
    }

    /// The last value the workflow published under `name`, or nil.
    public func query<T: Decodable>(workflowID: String, name: String, as type: T.Type) throws -> T? {
        try store.queryValue(workflowID: workflowID, name: name)?.decode(T.self)
    }

    /// The raw JSON of the last value published under `name`, or nil.
    public func queryJSON(workflowID: String, name: String) throws -> String? {
        try store.queryValue(workflowID: workflowID, name: name)?.json
    }

    /// Requests cancellation; the workflow sees it at its next await and ends as cancelled.
    public func cancel(workflowID: String, reason: String = "cancelled by request") throws {
        try store.requestCancel(workflowID: workflowID, reason: reason)
    }

    /// Ends the workflow at once.
    public func terminate(workflowID: String, reason: String = "terminated by request") throws {
        try store.terminate(workflowID: workflowID, reason: reason)
    }

    /// True when a worker has been alive on this file within the last `window` seconds.
    public func hasLiveWorker(window: Double = 15) throws -> Bool {
        try store.hasLiveWorker(window: window)
    }
}
