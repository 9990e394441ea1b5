import AgentTesting
import DurableEngine
import Foundation
import RoutingWorkflow
import Synchronization
import Testing

/// The waiting side of `route` and `translate`, in process: the embedded worker, the detach
/// race, and the lines it writes.
@Suite struct WorkflowRunnerTests {
    /// Doubles its input in one activity, or waits for the "go" signal first when asked to.
    struct Doubler: WorkflowDefinition {
        static let workflowType = "Doubler"
        func run(_ context: WorkflowContext, input: Int) async throws -> Int {
            if input < 0 { throw ApplicationError(type: "Negative", message: "no negative numbers", nonRetryable: true) }
            if input == 0 { _ = try await context.waitForAnySignal(["go"], as: String.self, timeout: .seconds(3600)) }
            return try await context.executeActivity("double", input: input, returning: Int.self,
                                                      options: ActivityOptions(startToCloseTimeout: .seconds(10)))
        }
    }

    /// Collects the runner's lines.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    let store: WorkflowStore
    init() throws {
        store = try WorkflowStore(path: TestDirectory.make("sb-runner").appendingPathComponent("history.db").path)
    }

    func embeddedWorker() -> @Sendable () throws -> Worker {
        let store = store
        return {
            let activities = ActivityRegistry()
            activities.register("double") { (value: Int, _: ActivityContext) async throws -> Int in value * 2 }
            return Worker(store: store, workflows: [Doubler()], activities: activities,
                          options: WorkerOptions(pollInterval: .milliseconds(10)))
        }
    }

    /// A detach signal that never fires before the task is cancelled.
    static let never: @Sendable () async -> Void = { try? await Task.sleep(for: .seconds(3600)) }

    @Test func theEmbeddedWorkerRunsTheWorkflowWhenNoWorkerIsAlive() async throws {
        let lines = Lines()
        let runner = WorkflowRunner(store: store, embeddedWorker: embeddedWorker(), detachSignal: Self.never, note: lines.add)
        let run = try await WorkflowClient(store: store).start(Doubler.self, input: 21)
        guard case .finished(let value) = try await runner.wait(for: run.workflowID, as: Int.self, showProgress: false) else {
            Issue.record("expected a result")
            return
        }
        #expect(value == 42)
        #expect(lines.all.contains { $0.contains("running the workflow in this process") })
    }

    @Test func aFailedWorkflowIsAFailureOutcome() async throws {
        let runner = WorkflowRunner(store: store, embeddedWorker: embeddedWorker(), detachSignal: Self.never, note: { _ in })
        let run = try await WorkflowClient(store: store).start(Doubler.self, input: -1)
        guard case .failed(let failure) = try await runner.wait(for: run.workflowID, as: Int.self, showProgress: false) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.description.contains("no negative numbers"))
    }

    @Test func theDetachSignalLeavesTheWorkflowRunning() async throws {
        let lines = Lines()
        let client = WorkflowClient(store: store)
        let run = try await client.start(Doubler.self, input: 0)   // waits for a signal
        let runner = WorkflowRunner(store: store, embeddedWorker: embeddedWorker(), detachSignal: {}, note: lines.add)
        guard case .detached = try await runner.wait(for: run.workflowID, as: Int.self, showProgress: false) else {
            Issue.record("expected to detach")
            return
        }
        #expect(try client.describe(workflowID: run.workflowID).record.status == .running)
        #expect(lines.all.contains { $0.contains("switchboard workflow result -w \(run.workflowID)") })
        #expect(lines.all.contains { $0.contains("start `switchboard worker`") })
    }

    @Test func withoutAnEmbeddedWorkerNothingRunsTheWorkflow() async throws {
        let client = WorkflowClient(store: store)
        let run = try await client.start(Doubler.self, input: 5)
        let runner = WorkflowRunner(store: store, embeddedWorker: nil, detachSignal: {}, note: { _ in })
        guard case .detached = try await runner.wait(for: run.workflowID, as: Int.self, showProgress: false) else {
            Issue.record("expected to detach")
            return
        }
        #expect(try client.history(workflowID: run.workflowID).allSatisfy { $0.eventType != .activityTaskScheduled })
    }
}
