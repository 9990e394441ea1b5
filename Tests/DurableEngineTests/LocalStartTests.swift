import Foundation
import Testing
@testable import DurableEngine

/// A start in a process whose worker runs the type records the first task with the start and
/// runs the activities it claims on the starting task's thread, until they first suspend.
@Suite struct LocalStartTests {
    struct Nap: WorkflowDefinition {
        static let workflowType = "Nap"
        func run(_ context: WorkflowContext, input: Int) async throws -> Int {
            try await context.executeActivity("nap", input: input, returning: Int.self, options: fastOptions)
        }
    }

    @Test func startReturnsOnceTheFirstActivitySuspends() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let counter = Counter()
        let activities = ActivityRegistry()
        activities.register("nap") { (seconds: Int, _: ActivityContext) async throws -> Int in
            _ = counter.increment("began")
            try await Task.sleep(for: .seconds(seconds))
            return seconds
        }
        let (worker, running) = try await readyWorker(store, workflows: [Nap()], activities: activities)
        defer { worker.shutdown(); running.cancel() }
        let client = WorkflowClient(store: store)
        let began = ContinuousClock.now
        try await client.start(Nap.self, input: 60, id: "nap")
        #expect(ContinuousClock.now - began < .seconds(3), "start waited for the activity")
        #expect(counter.value("began") == 1, "the claimed activity began before start returned")
        try client.terminate(workflowID: "nap")
    }

    @Test func aShortWorkflowStartedHereRunsEachActivityOnce() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let counter = Counter()
        let (worker, running) = try await readyWorker(store, workflows: [TwoStep()], activities: registry(counter))
        defer { worker.shutdown(); running.cancel() }
        let client = WorkflowClient(store: store)
        try await client.start(TwoStep.self, input: 40, id: "short")
        #expect(try await client.result(workflowID: "short", as: Int.self, timeout: .seconds(10)) == 42)
        #expect(counter.value("add") == 2)
    }

    /// The watchdog may cancel an attempt whose task started immediately and has not yet
    /// published its handle; the cancel must still reach the task.
    @Test func aCancelBeforeTheHandleIsPublishedStillCancels() async {
        let box = AttemptTask()
        box.cancel()
        let task = Task { _ = try? await Task.sleep(for: .seconds(30)) }
        box.set(task)
        #expect(task.isCancelled)
    }
}
