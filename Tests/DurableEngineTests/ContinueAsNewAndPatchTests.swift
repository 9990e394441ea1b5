import DurableEngine
import Foundation
import Testing

/// Continue-as-new (through an eager start and through polling) and `patched`.
@Suite("Continue-as-new and patches") struct ContinueAsNewAndPatchTests {
    /// Adds one per run with an activity, continuing as new until it reaches 3.
    struct Counting: WorkflowDefinition {
        static let workflowType = "Counting"
        func run(_ context: WorkflowContext, input: Int) async throws -> Int {
            let next = try await context.executeActivity("add", input: input, returning: Int.self, options: fastOptions)
            if next < 3 { try context.continueAsNew(next) }
            return next
        }
    }

    /// Takes the new branch only for runs that started after the change.
    struct Patched: WorkflowDefinition {
        static let workflowType = "Patched"
        func run(_ context: WorkflowContext, input: Int) async throws -> String {
            context.patched("use-add") ? "new \(try await context.executeActivity("add", input: input, returning: Int.self, options: fastOptions))"
                : "old"
        }
    }

    @Test(arguments: [true, false])
    func continuesAsNewUntilDone(startedBeforeTheWorker: Bool) async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let counter = Counter()
        let worker = Worker(store: store, workflows: [Counting()], activities: registry(counter), options: fastWorkerOptions())
        let client = WorkflowClient(store: store)
        // Started before the worker runs, the first run is found by polling; started after, the
        // worker of this process runs its first task with the start.
        if startedBeforeTheWorker { try await client.start(Counting.self, input: 0, id: "count") }
        let result = try await withWorker(worker) {
            if !startedBeforeTheWorker { try await client.start(Counting.self, input: 0, id: "count") }
            return try await client.result(workflowID: "count", as: Int.self, timeout: .seconds(10))
        }
        #expect(result == 3)
        #expect(counter.value("add") == 3, "one activity per run")
        let runs = try client.list(filter: WorkflowListFilter(workflowType: "Counting"), pageSize: 10).records
        #expect(runs.count == 3)
        #expect(runs.filter { $0.status == .continuedAsNew }.count == 2)
        let latest = try client.history(workflowID: "count")
        #expect(latest.first?.attributes.continuedExecutionRunID != nil, "the last run names the run it continues")
    }

    @Test func patchedIsTrueForNewRunsAndRecordedAsAMarker() async throws {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let worker = Worker(store: store, workflows: [Patched()], activities: registry(Counter()), options: fastWorkerOptions())
        let client = WorkflowClient(store: store)
        let result = try await withWorker(worker) {
            try await client.start(Patched.self, input: 41, id: "patch")
            return try await client.result(workflowID: "patch", as: String.self, timeout: .seconds(10))
        }
        #expect(result == "new 42")
        #expect(try client.history(workflowID: "patch").contains { $0.eventType == .markerRecorded })
    }
}
