import DurableEngine
import Testing

/// A signal whose payload the workflow cannot read must not fail the run: it stays in the
/// history as sent, and the wait goes on to the next signal.
@Suite struct BadSignalPayloadTests {
    @Test func aPayloadOfTheWrongShapeIsPassedOverAndTheRunKeepsWaiting() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let client = WorkflowClient(store: store)
        try await client.start(Approval.self, input: 60, id: "gate")
        // Approval reads a String: a number, an array and an object are all the wrong shape.
        for bad in ["42", "[]", #"{"note":123}"#] {
            try client.signal(workflowID: "gate", name: "approve", json: bad)
        }
        try client.signal(workflowID: "gate", name: "reject", payload: "too vague")
        let worker = Worker(store: store, workflows: [Approval()], activities: ActivityRegistry(), options: fastWorkerOptions())
        let result = try await withWorker(worker) {
            try await client.result(workflowID: "gate", as: String.self, timeout: .seconds(10))
        }
        #expect(result == "reject:too vague")
        let signals = try client.history(workflowID: "gate").filter { $0.eventType == .workflowExecutionSignaled }
        #expect(signals.count == 4)
    }

    /// `workflow signal -w ID approve` with no `--note` sends no payload: that is a decision, not
    /// a bad payload, so the wait ends with it (it used to be passed over, and the run waited on).
    @Test func aSignalWithoutAPayloadIsDeliveredWithNone() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let client = WorkflowClient(store: store)
        try await client.start(Approval.self, input: 60, id: "bare")
        try client.signal(workflowID: "bare", name: "approve")
        let worker = Worker(store: store, workflows: [Approval()], activities: ActivityRegistry(), options: fastWorkerOptions())
        let result = try await withWorker(worker) {
            try await client.result(workflowID: "bare", as: String.self, timeout: .seconds(10))
        }
        #expect(result == "approve:-")
    }
}
