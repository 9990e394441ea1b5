import Foundation
import Testing
@testable import DurableEngine

/// `result` skips its first read for a run that started in this process and has not closed
/// here; a close written by another process must still be found.
@Suite struct ResultWaitTests {
    @Test func aRunStartedHereIsExpectedToCloseHereUntilItDoes() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let (worker, running) = try await readyWorker(store, workflows: [Approval()], activities: ActivityRegistry())
        defer { worker.shutdown(); running.cancel() }
        let client = WorkflowClient(store: store)
        try await client.start(Approval.self, input: 60, id: "gate")
        let ticket = store.closes.register("gate")
        store.closes.cancel(ticket)
        #expect(ticket.openHere, "the first task ran here, so the run's close is expected here")
        try client.signal(workflowID: "gate", name: "approve", payload: "ok")
        #expect(try await client.result(workflowID: "gate", as: String.self, timeout: .seconds(10)) == "approve:ok")
        let after = store.closes.register("gate")
        store.closes.cancel(after)
        #expect(!after.openHere)
    }

    @Test func aCloseByAnotherProcessIsStillFound() async throws {
        let path = temporaryStorePath()
        let store = try WorkflowStore(path: path, durability: .normal)
        let (worker, running) = try await readyWorker(store, workflows: [Approval()], activities: ActivityRegistry())
        defer { worker.shutdown(); running.cancel() }
        let client = WorkflowClient(store: store)
        try await client.start(Approval.self, input: 60, id: "gate")
        // Another store on the file stands for another process: its close is not signalled here.
        let elsewhere = WorkflowClient(store: try WorkflowStore(path: path, durability: .normal))
        try elsewhere.terminate(workflowID: "gate", reason: "from another process")
        let began = ContinuousClock.now
        let error = await #expect(throws: WorkflowFailed.self) {
            try await client.result(workflowID: "gate", as: String.self, timeout: .seconds(10))
        }
        #expect(error?.status == .terminated)
        #expect(ContinuousClock.now - began < .seconds(5), "found by polling, well before the 10 s timeout")
    }
}
