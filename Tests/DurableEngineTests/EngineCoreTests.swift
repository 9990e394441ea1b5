import DurableEngine
import Foundation
import Testing

@Suite("Engine core") struct EngineCoreTests {
    @Test func twoActivitiesCompleteAndRecordTemporalEvents() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let counter = Counter()
        let worker = Worker(store: store, workflows: [TwoStep()], activities: registry(counter), options: fastWorkerOptions())
        let client = WorkflowClient(store: store)
        let result = try await withWorker(worker) {
            let run = try await client.start(TwoStep.self, input: 40, id: "two")
            return try await client.result(workflowID: run.workflowID, as: Int.self, timeout: .seconds(10))
        }
        #expect(result == 42)
        #expect(counter.value("add") == 2)
        let types = try client.history(workflowID: "two").map(\.eventType.rawValue)
        #expect(types == ["WorkflowExecutionStarted", "ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskCompleted",
                          "ActivityTaskScheduled", "ActivityTaskStarted", "ActivityTaskCompleted", "WorkflowExecutionCompleted"])
    }

    @Test func retriesUntilSuccessAndRecordsTheAttempt() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let counter = Counter()
        let worker = Worker(store: store, workflows: [Flaky()], activities: registry(counter), options: fastWorkerOptions())
        let client = WorkflowClient(store: store)
        let result = try await withWorker(worker) {
            try await client.start(Flaky.self, input: "ok", id: "flaky")
            return try await client.result(workflowID: "flaky", as: String.self, timeout: .seconds(10))
        }
        #expect(result == "ok after 3")
        let started = try client.history(workflowID: "flaky").first { $0.eventType == .activityTaskStarted }
        #expect(started?.attributes.attempt == 3)
        #expect(started?.attributes.lastFailure?.type == "HTTP503")
    }

    @Test func nonRetryableFailureFailsTheWorkflow() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let worker = Worker(store: store, workflows: [Flaky()], activities: registry(Counter()), options: fastWorkerOptions())
        let client = WorkflowClient(store: store)
        let error = await #expect(throws: WorkflowFailed.self) {
            try await withWorker(worker) {
                try await client.start(Flaky.self, input: "bad", id: "bad")
                return try await client.result(workflowID: "bad", as: String.self, timeout: .seconds(10))
            }
        }
        #expect(error?.status == .failed)
        #expect(error?.message.contains("bad request") == true)
    }

    @Test func signalSentBeforeAnyWorkerRunsIsDelivered() async throws {
        let path = temporaryStorePath()
        let store = try WorkflowStore(path: path, durability: .normal)
        let client = WorkflowClient(store: store)
        try await client.start(Approval.self, input: 60, id: "gate")
        try client.signal(workflowID: "gate", name: "approve", payload: "looks good")
        let worker = Worker(store: store, workflows: [Approval()], activities: ActivityRegistry(), options: fastWorkerOptions())
        let result = try await withWorker(worker) {
            try await client.result(workflowID: "gate", as: String.self, timeout: .seconds(10))
        }
        #expect(result == "approve:looks good")
        #expect(try client.query(workflowID: "gate", name: "stage", as: String.self) == "waiting")
    }

    @Test func signalWaitSurvivesAWorkerRestart() async throws {
        let path = temporaryStorePath()
        let client = WorkflowClient(store: try WorkflowStore(path: path, durability: .normal))
        try await client.start(Approval.self, input: 60, id: "restart")
        let first = Worker(store: try WorkflowStore(path: path, durability: .normal), workflows: [Approval()],
                           activities: ActivityRegistry(), options: fastWorkerOptions())
        try await withWorker(first) {
            try await waitUntil("the timer is pending") {
                try !client.describe(workflowID: "restart").pendingTimers.isEmpty
            }
        }
        #expect(try client.describe(workflowID: "restart").pendingTimers.count == 1)
        try client.signal(workflowID: "restart", name: "reject", payload: "no")
        let second = Worker(store: try WorkflowStore(path: path, durability: .normal), workflows: [Approval()],
                            activities: ActivityRegistry(), options: fastWorkerOptions())
        let result = try await withWorker(second) {
            try await client.result(workflowID: "restart", as: String.self, timeout: .seconds(10))
        }
        #expect(result == "reject:no")
    }

    @Test func signalWaitTimesOut() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let worker = Worker(store: store, workflows: [Approval()], activities: ActivityRegistry(), options: fastWorkerOptions())
        let client = WorkflowClient(store: store)
        let result = try await withWorker(worker) {
            try await client.start(Approval.self, input: 0.2, id: "timeout")
            return try await client.result(workflowID: "timeout", as: String.self, timeout: .seconds(10))
        }
        #expect(result == "timed out")
    }

    @Test func durableSleepFires() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let worker = Worker(store: store, workflows: [Sleeper()], activities: ActivityRegistry(), options: fastWorkerOptions())
        let client = WorkflowClient(store: store)
        let result = try await withWorker(worker) {
            try await client.start(Sleeper.self, input: 0.1, id: "sleep")
            return try await client.result(workflowID: "sleep", as: String.self, timeout: .seconds(10))
        }
        #expect(result == "woke")
        #expect(try client.history(workflowID: "sleep").contains { $0.eventType == .timerFired })
    }

    @Test func cancelEndsAWaitingWorkflow() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let worker = Worker(store: store, workflows: [Approval()], activities: ActivityRegistry(), options: fastWorkerOptions())
        let client = WorkflowClient(store: store)
        let error = await #expect(throws: WorkflowFailed.self) {
            try await withWorker(worker) {
                try await client.start(Approval.self, input: 60, id: "cancel")
                try client.cancel(workflowID: "cancel")
                return try await client.result(workflowID: "cancel", as: String.self, timeout: .seconds(10))
            }
        }
        #expect(error?.status == .canceled)
    }

    @Test func idPoliciesAreEnforced() async throws {
        let client = WorkflowClient(store: try WorkflowStore(path: temporaryStorePath(), durability: .normal))
        let first = try await client.start(Approval.self, input: 60, id: "same")
        #expect(throws: WorkflowAlreadyStarted.self) { try client.start(Approval.self, input: 60, id: "same") }
        let existing = try await client.start(Approval.self, input: 60, id: "same", conflictPolicy: .useExisting)
        #expect(existing.runID == first.runID && !existing.started)
        let replaced = try await client.start(Approval.self, input: 60, id: "same", conflictPolicy: .terminateExisting)
        #expect(replaced.runID != first.runID)
        try client.terminate(workflowID: "same")
        #expect(throws: WorkflowAlreadyStarted.self) {
            try client.start(Approval.self, input: 60, id: "same", reusePolicy: .rejectDuplicate)
        }
        #expect(try await client.start(Approval.self, input: 60, id: "same", reusePolicy: .allowDuplicateFailedOnly).started)
    }
}
