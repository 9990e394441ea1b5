import DurableEngine
import Foundation
import Logging
import Synchronization
import TemporalProtos

/// Runs the engine's workflows and activities as a worker of a Temporal cluster: it polls the
/// task queue for workflow tasks and activity tasks, and answers with commands and results.
/// Each workflow task replays the run's whole history; with a sticky queue (on by default) the
/// server sends only the new events and the worker keeps the rest (`TemporalWorker+Sticky`).
public final class TemporalWorker: Sendable {
    public let connection: TemporalConnection
    public let options: TemporalWorkerOptions
    let decider: WorkflowTaskDecider
    let activities: ActivityRegistry
    let logger: Logger
    let metrics: TemporalWorkerMetrics
    private let workflowSlots: TaskSlots
    let activitySlots: TaskSlots
    private let state = Mutex(State())
    let pagesFetched = Atomic<Int>(0)
    let stickyHits = Atomic<Int>(0)
    let stickyMisses = Atomic<Int>(0)
    /// This worker's own task queue for its runs' next workflow tasks; nil when sticky is off.
    public let stickyTaskQueue: String?
    /// The histories of the runs whose tasks come through `stickyTaskQueue`.
    let historyCache: StickyHistoryCache
    private let tasksFailed = Atomic<Int>(0)
    let eagerActivities = Atomic<Int>(0)

    private struct State {
        var stopping = false
        var pollers: [Task<Void, Never>] = []
        var handlers: [Int: Task<Void, Never>] = [:]
        var nextHandler = 0
        var fatal: TemporalError?
        var ready = false
        var readyWaiters: [CheckedContinuation<Bool, Never>] = []
    }

    public init(connection: TemporalConnection, workflows: [any WorkflowDefinition], activities: ActivityRegistry,
                options: TemporalWorkerOptions = TemporalWorkerOptions(),
                logger: Logger = Logger(label: "switchboard.temporal-worker")) {
        self.connection = connection
        self.options = options
        self.activities = activities
        self.logger = logger
        let settings = connection.settings
        decider = WorkflowTaskDecider(workflows: AnyWorkflow.byType(workflows), taskQueue: settings.taskQueue, identity: settings.identity,
                                      namespace: settings.namespace, payloads: TemporalPayloads(codec: settings.codec))
        metrics = TemporalWorkerMetrics(workflowTypes: workflows.map { type(of: $0).workflowType },
                                        activityTypes: activities.activityTypes)
        workflowSlots = TaskSlots(options.maxConcurrentWorkflowTasks)
        activitySlots = TaskSlots(options.maxConcurrentActivities)
        stickyTaskQueue = options.usesStickyQueue ? "\(settings.identity)-sticky-\(UUID().uuidString.lowercased())" : nil
        historyCache = StickyHistoryCache(capacity: options.usesStickyQueue ? options.maxCachedWorkflows : 0)
    }

    public var identity: String { connection.settings.identity }

    /// Payloads as this worker sends and reads them (sealed when the settings' codec has a key).
    var payloads: TemporalPayloads { decider.payloads }

    /// Polls until `shutdown()`, then lets running tasks finish (up to `shutdownGrace`) and
    /// hands back the activities still running as retryable failures.
    /// - Throws: `TemporalError` when the server refuses the worker for good (an unknown
    ///   namespace, a permission problem); an unreachable frontend is retried with backoff.
    public func run() async throws {
        do {
            try await waitForFrontend()
        } catch {
            shutdown()
            throw error
        }
        // A kind of task this worker has nothing registered for is left to other workers.
        let pollsWorkflows = !decider.workflows.isEmpty, pollsActivities = !activities.activityTypes.isEmpty
        let settings = connection.settings
        let workflowQueues = !pollsWorkflows ? []
            : [TTaskQueue.normal(settings.taskQueue)] + (stickyTaskQueue.map { [.sticky($0, normalName: settings.taskQueue)] } ?? [])
        var pollers: [Task<Void, Never>] = []
        for _ in 0..<options.pollersPerKind {
            for queue in workflowQueues {
                let kind = queue.kind == .sticky ? "sticky workflow" : "workflow"
                pollers.append(Task { await self.pollLoop(kind: kind, slots: self.workflowSlots) { try await self.pollWorkflowTask(queue) } })
            }
            if pollsActivities {
                pollers.append(Task { await self.pollLoop(kind: "activity", slots: self.activitySlots, poll: self.pollActivityTask) })
            }
        }
        let alreadyStopping = state.withLock { state -> Bool in
            state.pollers = pollers
            return state.stopping
        }
        if alreadyStopping { pollers.forEach { $0.cancel() } }
        markReady(true)
        for poller in pollers { await poller.value }
        await drain()
        await resetStickyRuns()
        if let fatal = state.withLock({ $0.fatal }) { throw fatal }
    }

    /// Stops polling; `run()` returns once running work is done or handed back.
    public func shutdown() {
        let pollers = state.withLock { state -> [Task<Void, Never>] in
            state.stopping = true
            return state.pollers
        }
        pollers.forEach { $0.cancel() }
        markReady(false)
    }

    /// Returns true once the worker reached the frontend and polls, false if it stopped first.
    public func waitUntilReady() async -> Bool {
        await withCheckedContinuation { continuation in
            let answer = state.withLock { state -> Bool? in
                if state.ready || state.stopping { return state.ready }
                state.readyWaiters.append(continuation)
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// How many extra history pages workflow tasks needed (for tests and diagnostics).
    package var historyPagesFetched: Int { pagesFetched.load(ordering: .relaxed) }

    /// How many activity tasks came eagerly, in workflow-task answers (for tests and diagnostics).
    package var eagerActivitiesStarted: Int { eagerActivities.load(ordering: .relaxed) }

    /// Sticky tasks whose run's earlier events were cached, and those that fetched them instead
    /// (for tests and diagnostics).
    package var stickyCacheHits: Int { stickyHits.load(ordering: .relaxed) }
    package var stickyCacheMisses: Int { stickyMisses.load(ordering: .relaxed) }

    /// How many runs' histories the sticky cache holds now.
    package var cachedRuns: Int { historyCache.count }

    /// True when the sticky cache holds run `runID`'s history.
    package func cachesHistory(ofRun runID: String) -> Bool { historyCache.contains(runID) }

    /// How many workflow tasks this worker has failed (for tests and diagnostics).
    package var workflowTasksFailed: Int { tasksFailed.load(ordering: .relaxed) }

    private func markReady(_ ready: Bool) {
        let waiters = state.withLock { state -> [CheckedContinuation<Bool, Never>] in
            if ready { state.ready = true }
            defer { state.readyWaiters = [] }
            return state.readyWaiters
        }
        waiters.forEach { $0.resume(returning: ready) }
    }

    /// Calls GetSystemInfo until it answers, backing off from 0.5 s to 30 s and saying why,
    /// then checks that the namespace exists.
    /// - Throws: `TemporalError` when the namespace is unknown, the server refuses us for good,
    ///   or we refuse the server's TLS certificate.
    private func waitForFrontend() async throws {
        var delay = 0.5
        while !isStopping {
            do {
                let info = try await connection.call("GetSystemInfo") { service, options in
                    try await service.getSystemInfo(Temporal_Api_Workflowservice_V1_GetSystemInfoRequest(), options: options)
                }
                var request = Temporal_Api_Workflowservice_V1_DescribeNamespaceRequest()
                request.namespace = connection.settings.namespace
                do {
                    _ = try await connection.call("DescribeNamespace") { service, options in
                        try await service.describeNamespace(request, options: options)
                    }
                } catch TemporalError.call(_, _, "notFound", _) {
                    throw TemporalError.badSetting(
                        "namespace \(connection.settings.namespace) does not exist on Temporal at \(connection.settings.address)")
                }
                logger.info("worker \(identity) connected to Temporal \(info.serverVersion) at \(connection.settings.address)")
                return
            } catch let error as TemporalError where !error.isTransient || error.isTLSRejection {
                throw error   // a certificate we refuse at start-up is a setting to fix, not an outage to wait out
            } catch {
                logger.error("\(error); retrying in \(delay) s")
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 30)
            }
        }
    }

    // MARK: - Polling

    private func pollLoop(kind: String, slots: TaskSlots, poll: @escaping @Sendable () async throws -> (@Sendable () async -> Void)?)
        async
    {
        var delay = 0.1
        while !isStopping && !Task.isCancelled {
            await slots.acquire()
            do {
                guard let handle = try await poll() else {
                    slots.release()
                    continue
                }
                delay = 0.1
                track { await handle(); slots.release() }
            } catch {
                slots.release()
                if isStopping || Task.isCancelled { break }
                if let temporal = error as? TemporalError, !temporal.isTransient {
                    logger.critical("worker \(identity) stops: \(temporal)")
                    state.withLock { $0.fatal = $0.fatal ?? temporal }
                    shutdown()
                    break
                }
                logger.error("\(kind) poll: \(error); retrying in \(delay) s")
                try? await Task.sleep(for: .seconds(delay))
                delay = min(delay * 2, 30)
            }
        }
    }

    /// Runs `body` in a task of its own that `drain` waits for.
    func track(_ body: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            let id = state.nextHandler
            state.nextHandler += 1
            state.handlers[id] = Task {
                await body()
                _ = self.state.withLock { $0.handlers.removeValue(forKey: id) }
            }
        }
    }

    /// Waits for running handlers up to the grace period, then cancels the rest and waits again.
    private func drain() async {
        let deadline = ContinuousClock.now + options.shutdownGrace
        while ContinuousClock.now < deadline, !state.withLock({ $0.handlers.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let left = state.withLock { Array($0.handlers.values) }
        if !left.isEmpty { logger.warning("worker \(identity): handing back \(left.count) running tasks") }
        left.forEach { $0.cancel() }
        for task in left { await task.value }
    }

    private func pollWorkflowTask(_ queue: TTaskQueue) async throws -> (@Sendable () async -> Void)? {
        var request = Temporal_Api_Workflowservice_V1_PollWorkflowTaskQueueRequest()
        request.namespace = connection.settings.namespace
        request.taskQueue = queue
        request.identity = identity
        let task = try await connection.call("PollWorkflowTaskQueue", timeout: TemporalConnection.pollTimeout) { service, options in
            try await service.pollWorkflowTaskQueue(request, options: options)
        }
        guard !task.taskToken.isEmpty else { return nil }
        return { await self.handleWorkflowTask(task) }
    }

    private func pollActivityTask() async throws -> (@Sendable () async -> Void)? {
        var request = Temporal_Api_Workflowservice_V1_PollActivityTaskQueueRequest()
        request.namespace = connection.settings.namespace
        request.taskQueue = .normal(connection.settings.taskQueue)
        request.identity = identity
        let task = try await connection.call("PollActivityTaskQueue", timeout: TemporalConnection.pollTimeout) { service, options in
            try await service.pollActivityTaskQueue(request, options: options)
        }
        guard !task.taskToken.isEmpty else { return nil }
        return { await self.runActivityTask(task) }
    }

    // MARK: - Workflow tasks

    private func handleWorkflowTask(_ polled: TPollWorkflowTask) async {
        var task = polled
        let execution = task.workflowExecution
        do {
            task.history.events = try await wholeHistory(of: task)
            task.nextPageToken = Data()
            switch await decider.decide(task) {
            case .completed(var answer):
                let closes = answer.commands.contains { Self.closingCommands.contains($0.commandType) }
                if !closes, let sticky = stickyAttributes() { answer.stickyAttributes = sticky }
                metrics.workflowTask("completed", workflowType: task.workflowType.name, commands: answer.commands)
                // The run's next task comes to the sticky queue only while the run is open and asked
                // for it. Cached before the answer goes: the server may hand the next task to a
                // sticky poll before the answer's call returns here.
                if answer.hasStickyAttributes {
                    historyCache.store(execution, events: task.history.events)
                } else {
                    historyCache.remove(execution.runID)
                }
                do {
                    try await respondCompleted(answer)
                } catch {
                    historyCache.remove(execution.runID)
                    throw error
                }
            case .failed(let answer):
                // The server sends the next attempt with the whole history, to the normal queue.
                historyCache.remove(execution.runID)
                metrics.workflowTask("failed", workflowType: task.workflowType.name)
                logger.error("workflow task of \(execution.workflowID) failed (\(answer.cause)): \(answer.failure.message)")
                _ = try await connection.call("RespondWorkflowTaskFailed") { service, options in
                    try await service.respondWorkflowTaskFailed(answer, options: options)
                }
                tasksFailed.add(1, ordering: .relaxed)
            case .query(let answer):
                metrics.workflowTask("query", workflowType: task.workflowType.name)
                _ = try await connection.call("RespondQueryTaskCompleted") { service, options in
                    try await service.respondQueryTaskCompleted(answer, options: options)
                }
            }
        } catch {
            logger.error("workflow task of \(execution.workflowID): \(error)")
        }
    }

    /// Commands that close the run: no further workflow task follows them.
    private static let closingCommands: Set<Temporal_Api_Enums_V1_CommandType> = [
        .completeWorkflowExecution, .failWorkflowExecution, .cancelWorkflowExecution, .continueAsNewWorkflowExecution,
    ]
}
