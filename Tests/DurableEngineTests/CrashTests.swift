import DurableEngine
import Foundation
import Testing

/// Worker processes killed with SIGKILL at chosen points; a new worker must finish every
/// workflow without re-running activities that had completed.
@Suite("Crash recovery with real worker processes", .serialized) struct CrashTests {
    /// A workflow type defined in DurableTestWorker (input: the second step's sleep in ms).
    struct ThreeSteps: WorkflowDefinition {
        static let workflowType = "ThreeSteps"
        func run(_ context: WorkflowContext, input: Int) async throws -> [String] { [] }
    }

    struct TwoNoops: WorkflowDefinition {
        static let workflowType = "TwoNoops"
        func run(_ context: WorkflowContext, input: Int) async throws -> Int { input }
    }

    private func setUp() throws -> (db: String, effects: String, client: WorkflowClient) {
        let db = temporaryStorePath()
        let effects = (db as NSString).deletingLastPathComponent + "/effects.log"
        return (db, effects, WorkflowClient(store: try WorkflowStore(path: db, durability: .normal)))
    }

    private func finish(_ id: String, db: String, effects: String, client: WorkflowClient) async throws -> [String] {
        let worker = try TestWorker.start(db: db, sideEffects: effects)
        let result = try await client.result(workflowID: id, as: [String].self, timeout: .seconds(30))
        await worker.kill()
        return result
    }

    @Test func killedAfterAnActivityWasScheduled() async throws {
        let (db, effects, client) = try setUp()
        try await client.start(ThreeSteps.self, input: 0, id: "scheduled")
        let first = try TestWorker.start(db: db, sideEffects: effects, mode: "workflows-only")
        try await waitUntil("step one is scheduled") {
            try client.history(workflowID: "scheduled").contains { $0.eventType == .activityTaskScheduled }
        }
        await first.kill()
        #expect(try await finish("scheduled", db: db, effects: effects, client: client) == ["one", "two", "three"])
        let lines = sideEffectLines(effects)
        for step in ["one", "two", "three"] { #expect(lines.filter { $0 == "done scheduled \(step)" }.count == 1) }
    }

    @Test func killedDuringAnActivity() async throws {
        let (db, effects, client) = try setUp()
        try await client.start(ThreeSteps.self, input: 3000, id: "during")
        let first = try TestWorker.start(db: db, sideEffects: effects)
        try await waitUntil("step two is running") { sideEffectLines(effects).contains("start during two") }
        await first.kill()
        #expect(try await finish("during", db: db, effects: effects, client: client) == ["one", "two", "three"])
        let lines = sideEffectLines(effects)
        #expect(lines.filter { $0 == "done during one" }.count == 1, "a completed activity ran again")
        #expect(lines.filter { $0 == "start during two" }.count == 2, "the interrupted attempt is retried once")
        #expect(lines.filter { $0 == "done during two" }.count == 1)
        let started = try client.history(workflowID: "during").first { $0.eventType == .activityTaskStarted && $0.attributes.attempt == 2 }
        #expect(started?.attributes.lastFailure?.type == "WorkerLost")
    }

    @Test func killedDuringAnEagerlyStartedActivity() async throws {
        let (db, effects, client) = try setUp()
        // The worker process starts the workflow itself: the start, its first workflow task and
        // the claim of step one are one commit, and step one runs in that process.
        let first = try TestWorker.start(db: db, sideEffects: effects, mode: "start:eager:3000")
        try await waitUntil("step two is running") { sideEffectLines(effects).contains("start eager two") }
        await first.kill()
        let history = try client.history(workflowID: "eager")
        let started = try #require(history.first { $0.eventType == .workflowExecutionStarted })
        let scheduled = try #require(history.first { $0.eventType == .activityTaskScheduled })
        #expect(scheduled.eventTime == started.eventTime, "the first step was not scheduled in the start's commit")
        #expect(try await finish("eager", db: db, effects: effects, client: client) == ["one", "two", "three"])
        let lines = sideEffectLines(effects)
        #expect(lines.filter { $0 == "done eager one" }.count == 1, "a completed activity ran again")
        #expect(lines.filter { $0 == "start eager two" }.count == 2, "the interrupted attempt is retried once")
        #expect(lines.filter { $0 == "done eager two" }.count == 1)
    }

    @Test func killedAfterAnActivityCompletedBeforeTheNextStep() async throws {
        let (db, effects, client) = try setUp()
        try await client.start(ThreeSteps.self, input: 0, id: "between")
        let scheduler = try TestWorker.start(db: db, sideEffects: effects, mode: "workflows-only")
        try await waitUntil("step one is scheduled") {
            try client.history(workflowID: "between").contains { $0.eventType == .activityTaskScheduled }
        }
        await scheduler.kill()
        let runner = try TestWorker.start(db: db, sideEffects: effects, mode: "activities-only")
        try await waitUntil("step one is recorded as completed") {
            try client.history(workflowID: "between").contains { $0.eventType == .activityTaskCompleted }
        }
        await runner.kill()   // the next step was never scheduled: no workflow task ran after the completion
        #expect(try client.history(workflowID: "between").filter { $0.eventType == .activityTaskScheduled }.count == 1)
        #expect(try await finish("between", db: db, effects: effects, client: client) == ["one", "two", "three"])
        #expect(sideEffectLines(effects).filter { $0 == "done between one" }.count == 1)
    }

    @Test func twoWorkerProcessesCompleteFiveHundredWorkflowsExactlyOnce() async throws {
        let (db, effects, client) = try setUp()
        for index in 0..<500 { try await client.start(TwoNoops.self, input: index, id: "many-\(index)") }
        let workers = try (0..<2).map { _ in try TestWorker.start(db: db, sideEffects: effects) }
        try await waitUntil("all 500 complete", timeout: .seconds(120)) {
            try client.list(filter: WorkflowListFilter(status: .completed), pageSize: 501).records.count == 500
        }
        let done = sideEffectLines(effects).filter { $0.hasPrefix("done ") }
        #expect(done.count == 1000, "\(done.count) activity completions for 500 workflows of 2 steps")
        #expect(Set(done).count == 1000, "some activity ran twice")
        for index in [0, 249, 499] {
            let closes = try client.history(workflowID: "many-\(index)").filter { $0.eventType == .workflowExecutionCompleted }
            #expect(closes.count == 1)
        }
        for worker in workers { await worker.kill() }
    }
}
