import AgentTesting
import DurableEngine
import Foundation
import Testing
@testable import TemporalBackend

/// The Swift worker in this process against the dev server: long histories, and shutdown.
@Suite("Temporal worker", .serialized, .enabled(if: TemporalDevServer.unavailableReason == nil,
                                                 "\(TemporalDevServer.unavailableReason ?? "")"))
struct TemporalWorkerTests {
    /// Non-sticky, a task's history outgrows the poll's page and the worker pages in the rest;
    /// sticky, each task brings only its new signals and the worker adds them to what it has.
    @Test(arguments: [false, true])
    func aHistoryLongerThanOnePageIsPagedIn(sticky: Bool) async throws {
        let server = try await TemporalDevServer.shared()
        let connection = try TemporalConnection(settings: try server.settings())
        let worker = TemporalWorker(connection: connection, workflows: [TickCounterWorkflow()], activities: ActivityRegistry(),
                                    options: TemporalWorkerOptions(stickyQueue: sticky))
        let running = Task { try await worker.run() }
        #expect(await worker.waitUntilReady())
        let client = TemporalWorkflowClient(connection: connection)
        // More signals than the server's history page holds (1,000 events here) whatever the
        // worker batches: 300 made 1,000+ events while one workflow task took one signal, but only
        // 533 once the worker took several per task.
        let ticks = 1_200
        let run = try await client.start(TickCounterWorkflow.self, input: ticks)
        // More than the 200 calls after which swift-nio-http2 would drop one connection (see TemporalConnection).
        for tick in 1...ticks { try await client.signal(workflowID: run.workflowID, name: "tick", json: "\(tick)") }
        #expect(try await client.result(workflowID: run.workflowID, as: Int.self, timeout: .seconds(60)) == ticks)
        // A replay of only the first page would have waited for ticks it had already had.
        let events = try await client.history(workflowID: run.workflowID).events
        #expect(events.filter { $0.eventType == .workflowExecutionSignaled }.count == ticks)
        #expect(events.filter { $0.eventType == .workflowTaskFailed }.isEmpty)
        if sticky {
            #expect(worker.stickyCacheHits > 0 && worker.stickyCacheMisses == 0)
        } else {
            #expect(worker.historyPagesFetched > 0, "no workflow task needed a second page")
        }
        #expect(try await client.history(workflowID: run.workflowID).pages > 1, "the client read the history in one page")
        worker.shutdown()
        try await running.value
        await connection.close()
    }

    /// With eager execution the server hands the scheduled activity back in its answer to the
    /// workflow task; without it, an activity poll picks it up. The result is the same.
    @Test(arguments: [true, false])
    func activitiesRunEagerlyOnlyWhenAsked(eager: Bool) async throws {
        let server = try await TemporalDevServer.shared()
        let connection = try TemporalConnection(settings: try server.settings())
        let worker = TemporalWorker(connection: connection, workflows: [GreetingWorkflow()], activities: FixtureActivities.registry(),
                                    options: TemporalWorkerOptions(eagerActivities: eager))
        let running = Task { try await worker.run() }
        #expect(await worker.waitUntilReady())
        let client = TemporalWorkflowClient(connection: connection)
        for name in ["one", "two", "three"] {
            let run = try await client.start(GreetingWorkflow.self, input: name)
            #expect(try await client.result(workflowID: run.workflowID, as: String.self, timeout: .seconds(30)) == "Hello, \(name)!")
        }
        // The dev server has eager execution on; every free worker asks for it when allowed to.
        #expect(worker.eagerActivitiesStarted == (eager ? 3 : 0))
        worker.shutdown()
        try await running.value
        await connection.close()
    }

    @Test func shutdownHandsBackARunningActivityForAnotherWorker() async throws {
        let server = try await TemporalDevServer.shared()
        let settings = try server.settings()
        let started = AsyncGate()
        let slow = ActivityRegistry()
        slow.register("greet") { (name: String, context: ActivityContext) -> String in
            started.open()
            while !context.isCancelled { try await Task.sleep(for: .milliseconds(20)) }
            throw CancellationError()
        }
        let first = TemporalWorker(connection: try TemporalConnection(settings: settings), workflows: [GreetingWorkflow()],
                                   activities: slow, options: TemporalWorkerOptions(shutdownGrace: .milliseconds(200)))
        let firstRun = Task { try await first.run() }
        #expect(await first.waitUntilReady())
        let client = TemporalWorkflowClient(connection: first.connection)
        let run = try await client.start(GreetingWorkflow.self, input: "again")
        await started.wait()
        first.shutdown()
        let handBack = ContinuousClock.now
        try await firstRun.value   // returns after the grace period, having handed the attempt back
        let second = TemporalWorker(connection: try TemporalConnection(settings: settings), workflows: [GreetingWorkflow()],
                                    activities: FixtureActivities.registry())
        let secondRun = Task { try await second.run() }
        #expect(try await client.result(workflowID: run.workflowID, as: String.self, timeout: .seconds(30)) == "Hello, again!")
        // Handed back as a retryable failure, the attempt is retried after the policy's 1 s, not
        // after its 10 s start-to-close timeout.
        #expect(ContinuousClock.now - handBack < .seconds(8))
        second.shutdown()
        try await secondRun.value
        await first.connection.close()
        await second.connection.close()
    }
}

/// A workflow whose code changed in flight: the task fails as non-determinism where Temporal's
/// CLI shows it, and the run completes once a worker with the right code polls again.
@Suite("Temporal non-determinism", .serialized, .enabled(if: TemporalDevServer.unavailableReason == nil,
                                                          "\(TemporalDevServer.unavailableReason ?? "")"))
struct TemporalNonDeterminismTests {
    func worker(_ settings: TemporalSettings, _ workflow: GreetingWorkflow, activities: ActivityRegistry) throws
        -> (TemporalWorker, Task<Void, any Error>)
    {
        let worker = TemporalWorker(connection: try TemporalConnection(settings: settings), workflows: [workflow],
                                    activities: activities)
        return (worker, Task { try await worker.run() })
    }

    @Test func aChangedWorkflowFailsItsTaskVisiblyUntilTheRightCodeRuns() async throws {
        let server = try await TemporalDevServer.shared()
        let settings = try server.settings()
        // The original code schedules "greet"; no worker runs activities yet.
        let (original, originalRun) = try worker(settings, GreetingWorkflow(), activities: ActivityRegistry())
        #expect(await original.waitUntilReady())
        let client = TemporalWorkflowClient(connection: original.connection)
        let run = try await client.start(GreetingWorkflow.self, input: "change")
        let scheduled = try await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            try await client.history(workflowID: run.workflowID).events.contains { $0.eventType == .activityTaskScheduled }
        }
        #expect(scheduled)
        original.shutdown()
        try await originalRun.value
        // New code ("farewell") and the activities: the activity completes, the replay then fails.
        let (changed, changedRun) = try worker(settings, GreetingWorkflow(activity: "farewell"), activities: FixtureActivities.registry())
        // Stopped after its first failure: each further one lengthens the server's backoff before
        // the next attempt, which on a loaded machine outlasted the wait for the fixed worker below.
        _ = await eventually(timeout: .seconds(30), every: .milliseconds(20)) { changed.workflowTasksFailed > 0 }
        changed.shutdown()
        try await changedRun.value
        let failed = try await eventually(timeout: .seconds(30), every: .milliseconds(200)) {
            let (status, json) = try await server.cli(["workflow", "show", "-w", run.workflowID, "-o", "json"])
            return status == 0 && json.contains("WORKFLOW_TASK_FAILED_CAUSE_NON_DETERMINISTIC_ERROR")
                && json.contains("ActivityTaskScheduled(greet)") && json.contains("ActivityTaskScheduled(farewell)")
        }
        #expect(failed, "temporal workflow show never showed the non-determinism failure")
        // The right code again: the retried task completes the run.
        let (fixed, fixedRun) = try worker(settings, GreetingWorkflow(), activities: ActivityRegistry())
        #expect(try await client.result(workflowID: run.workflowID, as: String.self, timeout: .seconds(60)) == "Hello, change!")
        fixed.shutdown()
        try await fixedRun.value
        for connection in [original.connection, changed.connection, fixed.connection] { await connection.close() }
    }
}
