import AgentTesting
import DurableEngine
import Foundation

/// A fresh history file in a temporary directory.
func temporaryStorePath() -> String {
    TestDirectory.make("sb-engine").appendingPathComponent("history.db").path
}

/// Counts how many times something ran, outside the engine.
final class Counter: @unchecked Sendable {
    // @unchecked Sendable: `values` is guarded by `lock`.
    private let lock = NSLock()
    private var values: [String: Int] = [:]
    func increment(_ key: String) -> Int { lock.withLock { values[key, default: 0] += 1; return values[key]! } }
    func value(_ key: String) -> Int { lock.withLock { values[key, default: 0] } }
}

/// Runs `worker` in the background for the duration of `body`, then stops it.
func withWorker<T>(_ worker: Worker, _ body: () async throws -> T) async throws -> T {
    let running = Task { try await worker.run() }
    defer {
        worker.shutdown()
    }
    let value = try await body()
    worker.shutdown()
    _ = try? await running.value
    return value
}

/// A worker running in the background that has registered to run the first task of the runs
/// started in this process. Stop it with `shutdown()` and cancel the task.
func readyWorker(_ store: WorkflowStore, workflows: [any WorkflowDefinition], activities: ActivityRegistry) async throws
    -> (Worker, Task<Void, any Error>)
{
    let worker = Worker(store: store, workflows: workflows, activities: activities, options: fastWorkerOptions())
    let running = Task { try await worker.run() }
    do {
        try await waitUntil("the worker is ready", timeout: .seconds(10)) { worker.isReady }
    } catch {
        worker.shutdown()
        running.cancel()
        throw error
    }
    return (worker, running)
}

let fastOptions = ActivityOptions(
    startToCloseTimeout: .seconds(5),
    retryPolicy: RetryPolicy(initialInterval: .milliseconds(10), backoffCoefficient: 2, maximumInterval: .milliseconds(50)))

func fastWorkerOptions() -> WorkerOptions {
    WorkerOptions(pollInterval: .milliseconds(10), leaseDuration: .seconds(2), shutdownGrace: .seconds(2))
}

struct TwoStep: WorkflowDefinition {
    static let workflowType = "TwoStep"
    func run(_ context: WorkflowContext, input: Int) async throws -> Int {
        let a = try await context.executeActivity("add", input: input, returning: Int.self, options: fastOptions)
        return try await context.executeActivity("add", input: a, returning: Int.self, options: fastOptions)
    }
}

struct Flaky: WorkflowDefinition {
    static let workflowType = "Flaky"
    func run(_ context: WorkflowContext, input: String) async throws -> String {
        try await context.executeActivity("flaky", input: input, returning: String.self, options: fastOptions)
    }
}

struct Approval: WorkflowDefinition {
    static let workflowType = "Approval"
    func run(_ context: WorkflowContext, input: Double) async throws -> String {
        try context.setQueryValue("stage", "waiting")
        let decision = try await context.waitForAnySignal(["approve", "reject"], as: String.self,
                                                          timeout: .milliseconds(Int64(input * 1000)))
        guard let decision else { return "timed out" }
        return "\(decision.name):\(decision.payload ?? "-")"
    }
}

struct Sleeper: WorkflowDefinition {
    static let workflowType = "Sleeper"
    func run(_ context: WorkflowContext, input: Double) async throws -> String {
        let before = context.now()
        try await context.sleep(for: .milliseconds(Int64(input * 1000)))
        return context.now() >= before ? "woke" : "clock went back"
    }
}

func registry(_ counter: Counter) -> ActivityRegistry {
    let activities = ActivityRegistry()
    activities.register("add") { (value: Int, _: ActivityContext) async throws -> Int in
        _ = counter.increment("add")
        return value + 1
    }
    activities.register("flaky") { (text: String, context: ActivityContext) async throws -> String in
        _ = counter.increment("flaky")
        if context.attempt < 3 {
            throw ApplicationError(type: "HTTP503", message: "unavailable (attempt \(context.attempt))")
        }
        if text == "bad" { throw ApplicationError(type: "HTTP400", message: "bad request", nonRetryable: true) }
        return "\(text) after \(context.attempt)"
    }
    return activities
}
