import DurableEngine
import Foundation

/// The engine: workflows of two no-op activities, sequential and 64 in flight, with `full` and
/// `normal` durability; per-activity overhead; a filtered list over 100,000 workflows; the RSS of
/// one worker holding 10,000 workflows asleep on timers.
let durableBenchmark = Benchmark(name: "durable", summary: "workflow engine throughput, latency, list and memory") {
    for (durability, count) in [(Durability.full, 500), (.normal, 2000)] {
        let result = try await runWorkflows(count: count, inFlight: 1, durability: durability)
        print("  2-activity workflows, one after another, \(durability.rawValue): \(format(result.perSecond)) workflows/s, "
              + "p50 \(format(result.p50 * 1000)) ms")
    }
    for durability in [Durability.full, .normal] {
        let result = try await runWorkflows(count: 2000, inFlight: 64, durability: durability)
        print("  2-activity workflows, 64 in flight, \(durability.rawValue): \(format(result.perSecond)) workflows/s")
    }
    // 0- and 2-activity workflows alternate in one run, so that both see the same machine.
    let mixed = try await runWorkflows(count: 2000, inFlight: 1, durability: .normal, activityCounts: [0, 2])
    let zero = median(mixed.inOrder.enumerated().filter { $0.offset % 2 == 0 }.map(\.element))
    let two = median(mixed.inOrder.enumerated().filter { $0.offset % 2 == 1 }.map(\.element))
    print("  per-activity overhead (normal): p50 \(format((two - zero) / 2 * 1_000_000)) µs "
          + "(2-activity p50 \(format(two * 1000)) ms, 0-activity p50 \(format(zero * 1000)) ms, 1,000 of each, alternating)")
    try listBenchmark()
    try runInFreshProcess("durable-sleep")
}

/// `durable-sleep`: the sleeping-workflows memory figure on its own; `durable` runs it in a
/// process of its own, so the RSS is not that of whatever ran before in the same process.
let durableSleepBenchmark = Benchmark(name: "durable-sleep", summary: "RSS of one worker holding 10,000 sleeping workflows",
                                      onlyWhenNamed: true) {
    try await sleepingMemoryBenchmark()
}

/// `durable-run`: one configuration of the 2-activity workload, for profiling and A/B runs:
/// `DURABLE_WORKFLOWS` (5000), `DURABLE_IN_FLIGHT` (1), `DURABLE_DURABILITY` (normal | full).
/// Prints throughput and latency percentiles.
let durableRunBenchmark = Benchmark(name: "durable-run", summary: "one engine configuration, set by DURABLE_* variables",
                                    onlyWhenNamed: true) {
    let environment = ProcessInfo.processInfo.environment
    let count = environment["DURABLE_WORKFLOWS"].flatMap(Int.init) ?? 5000
    let inFlight = environment["DURABLE_IN_FLIGHT"].flatMap(Int.init) ?? 1
    guard let durability = Durability(rawValue: environment["DURABLE_DURABILITY"] ?? "normal"), count > 0, inFlight > 0 else {
        throw BenchmarkError(
            message: "DURABLE_WORKFLOWS and DURABLE_IN_FLIGHT must be positive, DURABLE_DURABILITY normal or full")
    }
    let result = try await runWorkflows(count: count, inFlight: inFlight, durability: durability)
    let latencies = result.latencies
    func percentile(_ fraction: Double) -> String {
        format(latencies[min(latencies.count - 1, Int(Double(latencies.count) * fraction))] * 1_000_000)
    }
    print("  \(count) 2-activity workflows, \(inFlight) in flight, \(durability.rawValue): \(format(result.perSecond)) workflows/s; "
          + "latency µs p50 \(percentile(0.5)) p90 \(percentile(0.9)) p99 \(percentile(0.99)) max \(percentile(1))")
}

private struct NoopWorkflow: WorkflowDefinition {
    static let workflowType = "Noop"
    func run(_ context: WorkflowContext, input: Int) async throws -> Int {
        var value = input
        for _ in 0..<(input % 10) {
            value = try await context.executeActivity("noop", input: value, returning: Int.self,
                                                      options: ActivityOptions(startToCloseTimeout: .seconds(10)))
        }
        return value
    }
}

private struct SleepingWorkflow: WorkflowDefinition {
    static let workflowType = "Sleeping"
    func run(_ context: WorkflowContext, input: Int) async throws -> Int {
        try await context.sleep(for: .seconds(3600))
        return input
    }
}

/// A fresh history file in a temporary directory, and the directory, for the caller to remove.
private func benchmarkStore(_ durability: Durability) throws -> (store: WorkflowStore, directory: URL) {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return (try WorkflowStore(path: directory.appendingPathComponent("history.db").path, durability: durability), directory)
}

/// Runs `count` workflows, `inFlight` at once; workflow `i` runs `activityCounts[i % n]` activities
/// (the input carries the count in its last digit). Returns the latencies sorted, and in the
/// order the workflows finished (which is index order when one runs at a time).
private func runWorkflows(count: Int, inFlight: Int, durability: Durability, activityCounts: [Int] = [2]) async throws
    -> (perSecond: Double, p50: Double, latencies: [Double], inOrder: [Double])
{
    let (store, directory) = try benchmarkStore(durability)
    defer { try? FileManager.default.removeItem(at: directory) }
    let registry = ActivityRegistry()
    registry.register("noop") { (value: Int, _: ActivityContext) async throws -> Int in value }
    let worker = Worker(store: store, workflows: [NoopWorkflow()], activities: registry,
                        options: WorkerOptions(maxConcurrentActivities: 64, maxConcurrentWorkflowTasks: 64, pollInterval: .milliseconds(5)))
    let running = Task { try await worker.run() }
    defer { worker.shutdown() }
    let client = WorkflowClient(store: store)
    let start = Date()
    @Sendable func runOne(_ index: Int) async throws -> Double {
        let began = Date()
        let run = try await client.start(NoopWorkflow.self, input: index * 10 + activityCounts[index % activityCounts.count])
        _ = try await client.result(workflowID: run.workflowID, as: Int.self, timeout: .seconds(60))
        return Date().timeIntervalSince(began)
    }
    var latencies: [Double] = []
    if inFlight == 1 {
        // One after another in one task (a task group per workflow would add the harness's hand-offs).
        for index in 0..<count { latencies.append(try await runOne(index)) }
    } else {
        try await withThrowingTaskGroup(of: Double.self) { group in
            var next = 0
            func launch() {
                let index = next
                next += 1
                group.addTask { try await runOne(index) }
            }
            for _ in 0..<min(inFlight, count) { launch() }
            while let latency = try await group.next() {
                latencies.append(latency)
                if next < count { launch() }
            }
        }
    }
    let elapsed = Date().timeIntervalSince(start)
    worker.shutdown()
    _ = try? await running.value
    let inOrder = latencies
    latencies.sort()
    return (Double(count) / elapsed, latencies[latencies.count / 2], latencies, inOrder)
}

private func listBenchmark() throws {
    let (store, directory) = try benchmarkStore(.normal)
    defer { try? FileManager.default.removeItem(at: directory) }
    let client = WorkflowClient(store: store)
    let inserted = Date()
    for index in 0..<100_000 { try client.start(NoopWorkflow.self, input: index, id: "w-\(index)") }
    print("  inserted 100,000 workflows in \(format(Date().timeIntervalSince(inserted))) s")
    var timings: [Double] = []
    for _ in 0..<20 {
        let began = Date()
        let page = try client.list(filter: WorkflowListFilter(status: .running, workflowType: "Noop",
                                                              startedAfter: Date().addingTimeInterval(-3600)), pageSize: 50)
        timings.append(Date().timeIntervalSince(began))
        precondition(page.records.count == 50)
    }
    timings.sort()
    print("  filtered list (status + type + time, 50 rows) over 100,000 workflows: p50 \(format(timings[10] * 1000)) ms, "
          + "max \(format(timings.last! * 1000)) ms")
}

private func sleepingMemoryBenchmark() async throws {
    let (store, directory) = try benchmarkStore(.normal)
    defer { try? FileManager.default.removeItem(at: directory) }
    let client = WorkflowClient(store: store)
    let before = residentMegabytes()
    for index in 0..<10_000 { try await client.start(SleepingWorkflow.self, input: index, id: "s-\(index)") }
    let worker = Worker(store: store, workflows: [SleepingWorkflow()], activities: ActivityRegistry(),
                        options: WorkerOptions(maxConcurrentWorkflowTasks: 64, pollInterval: .milliseconds(5)))
    let running = Task { try await worker.run() }
    while try client.describe(workflowID: "s-9999").pendingTimers.isEmpty
        || client.list(filter: WorkflowListFilter(status: .running), pageSize: 1).records.isEmpty {
        try await Task.sleep(for: .milliseconds(100))
    }
    // Every workflow has run its first task; give the last ones a moment to finish.
    try await Task.sleep(for: .milliseconds(500))
    print("  10,000 workflows asleep on timers: RSS \(format(residentMegabytes())) MB (a process of its own; "
          + "\(format(before)) MB before the starts)")
    worker.shutdown()
    _ = try? await running.value
}

/// The middle value of `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func format(_ value: Double) -> String { value >= 100 ? String(Int(value.rounded())) : String(format: "%.2f", value) }
