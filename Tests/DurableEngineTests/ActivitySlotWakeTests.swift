import AgentTesting
import Foundation
import Testing
@testable import DurableEngine

/// Activities left in the store because every activity slot was taken start when a slot
/// frees, not at the worker's next poll.
@Suite struct ActivitySlotWakeTests {
    @Test func aFreedSlotStartsTheActivityThatWaitedForIt() async throws {
        let store = try WorkflowStore(path: temporaryStorePath())
        let counter = Counter()
        // One slot, and a poll so slow that a run waiting for it would be seen to stall.
        let worker = Worker(store: store, workflows: [TwoStep()], activities: registry(counter),
                            options: WorkerOptions(maxConcurrentActivities: 1, pollInterval: .seconds(60),
                                                   leaseDuration: .seconds(10), shutdownGrace: .seconds(2)))
        let client = WorkflowClient(store: store)
        try await withWorker(worker) {
            try await waitUntil("the worker is ready", timeout: .seconds(10)) { worker.isReady }
            let started = ContinuousClock.now
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<4 {
                    group.addTask {
                        let run = try await client.start(TwoStep.self, input: index * 10, id: "slot-\(index)")
                        return try await client.result(workflowID: run.workflowID, as: Int.self, timeout: .seconds(120))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.sorted() == [2, 12, 22, 32])
            #expect(counter.value("add") == 8)
            #expect(started.duration(to: .now) < .seconds(30), "a run waited for the 60 s poll: \(started.duration(to: .now))")
        }
    }
}
