import AgentTesting
import DurableEngine
import Foundation
import Testing
@testable import TemporalBackend

/// The Swift worker in this process against the dev server: long histories, and shutdown.
@Suite("Temporal worker", .serialized, .enabled(if: TemporalDevServer.unavailableReason == nil,
                                                 "\(TemporalDevServer.unavailableReason ?? "")"))
struct TemporalWorkerTests {
    @Test func aHistoryLongerThanOnePageIsPagedIn() async throws {
        let server = try await TemporalDevServer.shared()
        let connection = try TemporalConnection(settings: try server.settings())
        let worker = TemporalWorker(connection: connection, workflows: [TickCounterWorkflow()], activities: ActivityRegistry())
        let running = Task { try await worker.run() }
        #expect(await worker.waitUntilReady())
        let client = TemporalWorkflowClient(connection: connection)
        let ticks = 300
        let run = try await client.start(TickCounterWorkflow.self, input: ticks)
        // More than the 200 calls after which swift-nio-http2 would drop one connection (see TemporalConnection).
        for tick in 1...ticks { try await client.signal(workflowID: run.workflowID, name: "tick", json: "\(tick)") }
        #expect(try await client.result(workflowID: run.workflowID, as: Int.self, timeout: .seconds(60)) == ticks)
        // A replay of only the first page would have waited for ticks it had already had.
        let events = try await client.history(workflowID: run.workflowID).events
        #expect(events.filter { $0.eventType == .workflowExecutionSignaled }.count == ticks)
        #expect(events.filter { $0.eventType == .workflowTaskFailed }.isEmpty)
        #expect(worker.historyPagesFetched > 0, "no workflow task needed a second page")
        #expect(try await client.history(workflowID: run.workflowID).pages > 1, "the client read the history in one page")
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
