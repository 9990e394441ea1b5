import AgentTesting
import DurableEngine
import Foundation
import Testing
@testable import TemporalBackend
import TemporalProtos

/// Sticky execution against the dev server: where the server schedules a run's workflow tasks
/// (the history's WorkflowTaskScheduled events name the queue), a run the cache dropped, and a
/// stopping worker handing its runs back to the normal queue.
@Suite("Temporal sticky queue", .serialized, .enabled(if: TemporalDevServer.unavailableReason == nil,
                                                      "\(TemporalDevServer.unavailableReason ?? "")"))
struct TemporalStickyTests {
    /// The queues the run's workflow tasks were scheduled on, in order.
    static func scheduledQueues(_ client: TemporalWorkflowClient, _ run: WorkflowExecution) async throws -> [TTaskQueue] {
        try await client.history(workflowID: run.workflowID, runID: run.runID).events
            .filter { $0.eventType == .workflowTaskScheduled }
            .map(\.workflowTaskScheduledEventAttributes.taskQueue)
    }

    static func eventTypes(_ client: TemporalWorkflowClient, _ run: WorkflowExecution) async throws
        -> [Temporal_Api_Enums_V1_EventType]
    {
        try await client.history(workflowID: run.workflowID, runID: run.runID).events.map(\.eventType)
    }

    /// Sticky on: the first task comes from the normal queue, the next ones (and the query) from
    /// the worker's own; off: all from the normal queue, whole.
    @Test(arguments: [true, false])
    func tasksAfterTheFirstComeThroughTheWorkersStickyQueue(sticky: Bool) async throws {
        let server = try await TemporalDevServer.shared()
        let settings = try server.settings()
        let connection = try TemporalConnection(settings: settings)
        let worker = TemporalWorker(connection: connection, workflows: [SignalWorkflow()], activities: ActivityRegistry(),
                                    options: TemporalWorkerOptions(stickyQueue: sticky))
        let running = Task { try await worker.run() }
        #expect(await worker.waitUntilReady())
        #expect((worker.stickyTaskQueue != nil) == sticky)
        let client = TemporalWorkflowClient(connection: connection)
        let run = try await client.start(SignalWorkflow.self, input: "leave")
        let blocked = await eventually(timeout: .seconds(20)) {
            (try? await Self.eventTypes(client, run).contains(.workflowTaskCompleted)) == true
        }
        #expect(blocked)
        #expect(try await client.queryJSON(workflowID: run.workflowID, name: "state") == "\"waiting for approval of leave\"")
        try await client.signal(workflowID: run.workflowID, name: "approve", json: #"{"note":"granted"}"#)
        #expect(try await client.result(workflowID: run.workflowID, as: String.self, timeout: .seconds(30)) == "leave approved: granted")

        let queues = try await Self.scheduledQueues(client, run)
        #expect(queues.count >= 2, "\(queues)")
        #expect(queues.first?.name == settings.taskQueue && queues.first?.kind == .normal, "\(queues)")
        if let stickyQueue = worker.stickyTaskQueue {
            #expect(queues.dropFirst().allSatisfy { $0.name == stickyQueue && $0.kind == .sticky }, "\(queues)")
            #expect(worker.stickyCacheHits >= 1)
        } else {
            #expect(queues.allSatisfy { $0.name == settings.taskQueue }, "\(queues)")
            #expect(worker.stickyCacheHits == 0)
        }
        #expect(worker.stickyCacheMisses == 0)
        #expect(!worker.cachesHistory(ofRun: run.runID), "a closed run stays cached")
        #expect(try await !Self.eventTypes(client, run).contains(.workflowTaskFailed))
        worker.shutdown()
        try await running.value
        await connection.close()
    }

    /// A cache of one run: a second run drops the first, whose next sticky task (a query, then
    /// the signal's workflow task) fetches the events it lacks and completes, with no failed task.
    @Test func aRunDroppedFromTheCacheFetchesItsHistoryAndCompletes() async throws {
        let server = try await TemporalDevServer.shared()
        let connection = try TemporalConnection(settings: try server.settings())
        let worker = TemporalWorker(connection: connection, workflows: [SignalWorkflow()], activities: ActivityRegistry(),
                                    options: TemporalWorkerOptions(maxCachedWorkflows: 1))
        let running = Task { try await worker.run() }
        #expect(await worker.waitUntilReady())
        let stickyQueue = try #require(worker.stickyTaskQueue)
        let client = TemporalWorkflowClient(connection: connection)
        let first = try await client.start(SignalWorkflow.self, input: "first")
        #expect(await eventually(timeout: .seconds(20)) { worker.cachesHistory(ofRun: first.runID) })
        let second = try await client.start(SignalWorkflow.self, input: "second")
        #expect(await eventually(timeout: .seconds(20)) { worker.cachesHistory(ofRun: second.runID) })
        #expect(!worker.cachesHistory(ofRun: first.runID))
        #expect(worker.cachedRuns == 1)

        #expect(try await client.queryJSON(workflowID: first.workflowID, name: "state") == "\"waiting for approval of first\"")
        try await client.signal(workflowID: first.workflowID, name: "approve", json: #"{"note":"late"}"#)
        #expect(try await client.result(workflowID: first.workflowID, as: String.self, timeout: .seconds(30)) == "first approved: late")
        #expect(worker.stickyCacheMisses >= 1)
        let queues = try await Self.scheduledQueues(client, first)
        #expect(queues.last?.name == stickyQueue, "\(queues)")
        let types = try await Self.eventTypes(client, first)
        #expect(!types.contains(.workflowTaskFailed) && !types.contains(.workflowTaskTimedOut), "\(types)")

        // The second run stayed cached: its signal's task is a hit.
        let hits = worker.stickyCacheHits
        try await client.signal(workflowID: second.workflowID, name: "approve", json: #"{"note":"on time"}"#)
        #expect(try await client.result(workflowID: second.workflowID, as: String.self, timeout: .seconds(30))
            == "second approved: on time")
        #expect(worker.stickyCacheHits > hits)
        worker.shutdown()
        try await running.value
        await connection.close()
    }

    /// A worker that stops gracefully sends its open runs back to the normal queue, so another
    /// worker gets their next task at once instead of after the sticky schedule-to-start timeout.
    @Test func aStoppingWorkerHandsItsRunsBackToTheNormalQueue() async throws {
        let server = try await TemporalDevServer.shared()
        let settings = try server.settings()
        let first = TemporalWorker(connection: try TemporalConnection(settings: settings), workflows: [SignalWorkflow()],
                                   activities: ActivityRegistry())
        let firstRun = Task { try await first.run() }
        #expect(await first.waitUntilReady())
        let client = TemporalWorkflowClient(connection: first.connection)
        let run = try await client.start(SignalWorkflow.self, input: "handover")
        #expect(await eventually(timeout: .seconds(20)) { first.cachesHistory(ofRun: run.runID) })
        first.shutdown()
        try await firstRun.value
        #expect(first.cachedRuns == 0)

        let second = TemporalWorker(connection: try TemporalConnection(settings: settings), workflows: [SignalWorkflow()],
                                    activities: ActivityRegistry())
        let secondRun = Task { try await second.run() }
        #expect(await second.waitUntilReady())
        try await client.signal(workflowID: run.workflowID, name: "approve", json: #"{"note":"next"}"#)
        #expect(try await client.result(workflowID: run.workflowID, as: String.self, timeout: .seconds(30)) == "handover approved: next")
        // Not scheduled on the first worker's sticky queue (which would time out after 10 s).
        let queues = try await Self.scheduledQueues(client, run)
        #expect(queues.last?.name == settings.taskQueue && queues.last?.kind == .normal, "\(queues)")
        #expect(try await !Self.eventTypes(client, run).contains(.workflowTaskTimedOut))
        second.shutdown()
        try await secondRun.value
        await first.connection.close()
        await second.connection.close()
    }
}

/// The sticky history cache on its own: least recently used runs go first.
@Suite("Sticky history cache")
struct StickyHistoryCacheTests {
    static func execution(_ runID: String) -> TWorkflowExecution {
        var execution = TWorkflowExecution()
        execution.workflowID = "w-\(runID)"
        execution.runID = runID
        return execution
    }

    static func events(_ count: Int) -> [THistoryEvent] {
        (1...count).map { id in
            var event = THistoryEvent()
            event.eventID = Int64(id)
            return event
        }
    }

    @Test func dropsTheLeastRecentlyUsedRunWhenFull() {
        let cache = StickyHistoryCache(capacity: 2)
        cache.store(Self.execution("a"), events: Self.events(3))
        cache.store(Self.execution("b"), events: Self.events(5))
        #expect(cache.events(of: "a")?.count == 3)   // a is now the more recently used
        cache.store(Self.execution("c"), events: Self.events(1))
        #expect(cache.contains("a") && cache.contains("c") && !cache.contains("b"))
        cache.store(Self.execution("a"), events: Self.events(7))   // an update does not evict
        #expect(cache.count == 2 && cache.events(of: "a")?.count == 7)
        cache.remove("a")
        #expect(cache.executions.map(\.runID) == ["c"])
    }

    @Test func aCacheOfNoRunsKeepsNothing() {
        let cache = StickyHistoryCache(capacity: 0)
        cache.store(Self.execution("a"), events: Self.events(2))
        #expect(cache.count == 0 && cache.events(of: "a") == nil)
    }

    @Test func stickyIsOffWithoutACache() {
        #expect(TemporalWorkerOptions().usesStickyQueue)
        #expect(!TemporalWorkerOptions(stickyQueue: false).usesStickyQueue)
        #expect(!TemporalWorkerOptions(maxCachedWorkflows: 0).usesStickyQueue)
    }
}
