import Foundation
import Logging
import Metrics

/// Settings of a `Worker`.
public struct WorkerOptions: Sendable {
    /// A name unique among the workers sharing the file; it owns leases and appears in the history.
    public var identity: String
    /// The most activity attempts running at once.
    public var maxConcurrentActivities: Int
    /// The most workflow tasks running at once.
    public var maxConcurrentWorkflowTasks: Int
    /// How often to look for work when nothing wakes the worker sooner: the safety net. Work
    /// from this process and from other processes on the file wakes the worker at once, and it
    /// sleeps no longer than until the next timer or activity retry is due. Without inotify
    /// (see `CrossProcessWakeup`) it is at most 100 ms.
    public var pollInterval: Duration
    /// How long a claim stays valid without renewal; a dead worker's work is taken over after it.
    public var leaseDuration: Duration
    /// How long a graceful shutdown waits for running work before giving it back.
    public var shutdownGrace: Duration

    public init(identity: String? = nil, maxConcurrentActivities: Int = 32, maxConcurrentWorkflowTasks: Int = 16,
                pollInterval: Duration = .seconds(1), leaseDuration: Duration = .seconds(10),
                shutdownGrace: Duration = .seconds(10)) {
        self.identity = identity ?? "\(ProcessInfo.processInfo.hostName):\(getpid()):\(UUID().uuidString.prefix(8))"
        self.maxConcurrentActivities = maxConcurrentActivities
        self.maxConcurrentWorkflowTasks = maxConcurrentWorkflowTasks
        self.pollInterval = pollInterval
        self.leaseDuration = leaseDuration
        self.shutdownGrace = shutdownGrace
    }
}

/// Runs workflow tasks and activities from a history file, alongside any other workers on
/// the same file. Workflows waiting on timers or signals hold no task and no memory here.
public final class Worker: Sendable {
    public let store: WorkflowStore
    public let options: WorkerOptions
    let workflows: [String: AnyWorkflow]
    let activities: ActivityRegistry
    let logger: Logger
    let state = WorkerState()
    let histories = HistoryCache()
    let watchdog = AttemptWatchdog()
    let metrics: WorkerMetrics

    /// `metricsFactory` defaults to swift-metrics' bootstrapped one (a no-op when none was).
    public init(store: WorkflowStore, workflows: [any WorkflowDefinition], activities: ActivityRegistry,
                options: WorkerOptions = WorkerOptions(), logger: Logger = Logger(label: "switchboard.worker"),
                metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.store = store
        self.options = options
        self.activities = activities
        self.logger = logger
        self.workflows = AnyWorkflow.byType(workflows)
        metrics = WorkerMetrics(workflowTypes: self.workflows.keys.sorted(), activityTypes: activities.activityTypes,
                                factory: metricsFactory)
    }

    /// Sets the gauges read rather than counted (runs waiting on timers and signals, the history
    /// file's size); run before metrics are rendered.
    public func sampleMetrics() {
        metrics.sample(store)
    }

    /// Runs until `shutdown()` is called or the calling task is cancelled, then stops claiming,
    /// lets running work finish (up to `shutdownGrace`) and gives back what is left.
    public func run() async throws {
        defer { state.markEnded() }
        let lease = options.leaseDuration.seconds
        try store.renewLeases(owner: options.identity, lease: lease)
        let (store, identity, logger) = (self.store, options.identity, self.logger)
        let renewer = LeaseRenewer(interval: lease / 3, renew: { try store.renewLeases(owner: identity, lease: lease) },
                                   failed: { logger.error("worker \(identity) could not renew its leases: \($0)") })
        renewer.start()
        let workflowTypes = workflows.keys.sorted()
        let activityTypes = activities.activityTypes
        logger.info("worker \(options.identity) started on \(store.path)")
        let watching = Task { await watchdog.run() }
        defer { watching.cancel() }
        store.localStarters.register(localStarter())
        let poll = store.watchOtherProcesses() ? options.pollInterval : min(options.pollInterval, .milliseconds(100))
        state.markReady()
        while !state.isStopping && !Task.isCancelled {
            var claimed = 0
            do {
                try store.fireDueTimers()
                let freeWorkflowSlots = options.maxConcurrentWorkflowTasks - state.runningWorkflowTasks
                if freeWorkflowSlots > 0, !workflowTypes.isEmpty {
                    for task in try store.claimWorkflowTasks(owner: options.identity, types: workflowTypes,
                                                              limit: freeWorkflowSlots, lease: lease) {
                        claimed += 1
                        if task.takenOver { metrics.workflowTakeovers.increment() }
                        state.started(workflowTask: true)
                        spawn {
                            let claimed = await self.process(task)
                            self.state.finished(workflowTask: true)   // the slot is free while its activities run
                            self.store.wakeup.signal()
                            await self.runActivities(claimed)
                        }
                    }
                }
                let freeActivitySlots = options.maxConcurrentActivities - state.runningActivities
                if freeActivitySlots <= 0 { state.noteActivitySlotsFull() }
                if freeActivitySlots > 0, !activityTypes.isEmpty {
                    for activity in try store.claimActivities(owner: options.identity, types: activityTypes,
                                                              limit: freeActivitySlots, lease: lease) {
                        claimed += 1
                        if activity.takenOver { metrics.activityTakeovers.increment() }
                        state.started(workflowTask: false)
                        spawn { await self.runActivities([activity]) }
                    }
                }
            } catch {
                logger.error("worker \(options.identity): \(error)")
            }
            if claimed == 0 { await store.wakeup.wait(timeout: sleep(upTo: poll)) }
        }
        await drain(stopping: renewer)
    }

    /// How long to sleep when there is nothing to claim: `poll`, or less when a timer or an
    /// activity retry is due sooner. Something already due (an activity of a type this worker
    /// does not run) does not shorten it.
    private func sleep(upTo poll: Duration) -> Duration {
        guard let due = try? store.nextDueTime() else { return poll }
        let wait = due.timeIntervalSinceNow
        return wait > 0 ? min(poll, .seconds(wait) + .milliseconds(1)) : poll
    }

    /// Lets starts in this process run the first workflow task here (see `LocalStarter`).
    private func localStarter() -> LocalStarter {
        LocalStarter(
            owner: options.identity, workflowTypes: Set(workflows.keys),
            runTask: { [self] workflowType, workflowID, runID, history in
                guard !state.isStopping, let workflow = workflows[workflowType] else { return nil }
                return await WorkflowRuntime.runTask(workflow, workflowID: workflowID, runID: runID, history: history)
            },
            eagerDispatch: { [self] in eagerDispatch() },
            adopt: { [self] workflowType, commit, runID, history, outcome in
                let claimed = adopt(commit, workflowType: workflowType, runID: runID, history: history, outcome: outcome)
                // On the starting task's thread until the activities first suspend: no hop to
                // another thread (and no wake of one) between the start and its first activity.
                if !claimed.isEmpty { spawn(immediately: true) { await self.runActivities(claimed) } }
            })
    }

    /// True once `run()` is claiming work and runs the first task of workflows started in this
    /// process; false again when it stops.
    public var isReady: Bool { state.isReady }

    /// Waits until `run()` (started elsewhere) is ready, polling every 5 ms. Returns false when
    /// `run()` ended first, e.g. because the history file could not be written.
    public func waitUntilReady() async throws -> Bool {
        while !state.isReady {
            if state.hasEnded { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    /// Asks `run()` to stop claiming and return after running work has finished or been given back.
    public func shutdown() {
        state.stop()
        store.wakeup.signal()
    }

    /// Waits for running work (its leases still renewed by `renewer`), then stops renewing and
    /// gives back what is left.
    private func drain(stopping renewer: LeaseRenewer) async {
        store.localStarters.unregister(options.identity)
        let deadline = Date().addingTimeInterval(options.shutdownGrace.seconds)
        while state.runningWorkflowTasks + state.runningActivities > 0, Date() < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        renewer.stop()
        do {
            try store.releaseAll(owner: options.identity)
        } catch {
            logger.error("worker \(options.identity) could not give back its claims: \(error); they expire with their leases")
        }
        logger.info("worker \(options.identity) stopped")
    }

    // MARK: - Workflow tasks

    /// Runs and records one workflow task; returns the activities it claimed for this worker.
    private func process(_ task: ClaimedWorkflowTask) async -> [ClaimedActivity] {
        do {
            guard let workflow = workflows[task.workflowType] else { return [] }
            let cached = histories.take(task.runID) ?? []
            let history = cached + (try store.events(runID: task.runID, after: cached.last?.eventID ?? 0))
            let result = await WorkflowRuntime.runTask(workflow, workflowID: task.workflowID, runID: task.runID,
                                                       history: history)
            let commit = try await store.completeWorkflowTask(task, owner: options.identity, result: result,
                                                              eager: eagerDispatch())
            guard commit.accepted else {
                logger.warning("lost the lease on workflow \(task.workflowID) before its task completed; another worker has it")
                return []
            }
            return adopt(commit, workflowType: task.workflowType, runID: task.runID, history: history,
                         outcome: result.outcome)
        } catch {
            logger.error("workflow task of \(task.workflowID) failed: \(error); it is retried when its lease expires")
            return []
        }
    }

    /// Takes over what a recorded workflow task left to this worker: keeps the history of a run
    /// that resumes soon (it scheduled activities) and returns the activities claimed for this
    /// worker, counted as started. A run continued as new wakes the pollers for its new run.
    func adopt(_ commit: WorkflowTaskCommit, workflowType: String, runID: String, history: [HistoryEvent],
               outcome: WorkflowTaskOutcome) -> [ClaimedActivity]
    {
        metrics.recordWorkflowTask(type: workflowType, history: history, outcome: outcome)
        guard outcome == .blocked else {
            if case .continuedAsNew = outcome { store.wakeup.signal() }
            return []
        }
        let scheduled = commit.appended.count { $0.eventType == .activityTaskScheduled }
        if scheduled > 0 { histories.keep(history + commit.appended, for: runID) }
        if scheduled > commit.eagerActivities.count { state.noteActivitySlotsFull() }   // the rest wait in the store
        for _ in commit.eagerActivities { state.started(workflowTask: false) }
        return commit.eagerActivities
    }

    /// Starts a task that may run activity attempts, publishing its handle so that the watchdog
    /// can cancel an attempt that overruns its limits. With `immediately`, the task runs on the
    /// calling thread until it first suspends (`Task.immediate`).
    func spawn(immediately: Bool = false, _ body: @escaping @Sendable () async -> Void) {
        let box = AttemptTask()
        let operation: @Sendable () async -> Void = { await AttemptTask.$current.withValue(box) { await body() } }
        box.set(immediately ? Task.immediate(operation: operation) : Task(operation: operation))
    }

    /// Room for activities claimed eagerly by a transaction of this worker, if it runs any.
    func eagerDispatch() -> EagerDispatch? {
        let capacity = options.maxConcurrentActivities - state.runningActivities
        if capacity <= 0 { state.noteActivitySlotsFull() }   // what it would have claimed waits for a slot
        guard capacity > 0, !activities.isEmpty, !state.isStopping else { return nil }
        return EagerDispatch(owner: options.identity, activities: activities, capacity: capacity,
                             lease: options.leaseDuration.seconds)
    }
}
