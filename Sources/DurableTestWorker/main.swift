// A worker process for the engine's crash tests: test workflows whose activities record each
// execution in a side-effect file outside the engine.
//
// usage: DurableTestWorker <db> <side-effect-file> [all|workflows-only|activities-only|start:<id>:<ms>|client:<prefix>:<n>]
//        [lease-seconds] [poll-milliseconds]
// `client:<prefix>:<n>` runs no worker: it starts TwoNoops as <prefix>-0 ... <prefix>-<n-1>, one
// after another, waits for each result, and prints the slowest start-to-result time in ms.
// `start:<id>:<ms>` runs everything and also starts ThreeSteps as <id> (second step sleeping <ms>)
// from this process, so that its first workflow task runs with the start (eager start).
import DurableEngine
import Foundation

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: DurableTestWorker <db> <side-effect-file> [all|workflows-only|activities-only] [lease]\n".utf8))
    exit(64)
}
let sideEffects = SideEffectLog(path: arguments[2])
let mode = arguments.count > 3 ? arguments[3] : "all"
let lease = arguments.count > 4 ? Double(arguments[4]) ?? 2 : 2
let poll = arguments.count > 5 ? Int(arguments[5]) ?? 10 : 10

let activities = ActivityRegistry()
activities.register("step") { (input: StepInput, context: ActivityContext) async throws -> String in
    sideEffects.append("start \(context.workflowID) \(input.name)")
    if input.sleepMilliseconds > 0 { try await Task.sleep(for: .milliseconds(input.sleepMilliseconds)) }
    sideEffects.append("done \(context.workflowID) \(input.name)")
    return input.name
}

let store = try WorkflowStore(path: arguments[1], durability: .normal)
let workflows: [any WorkflowDefinition] = mode == "activities-only" ? [] : [ThreeSteps(), TwoNoops()]
let registry = mode == "workflows-only" ? ActivityRegistry() : activities
let worker = Worker(store: store, workflows: workflows, activities: registry,
                    options: WorkerOptions(maxConcurrentActivities: 16, pollInterval: .milliseconds(poll), leaseDuration: .seconds(lease)))
signal(SIGTERM, SIG_IGN)
let source = DispatchSource.makeSignalSource(signal: SIGTERM, queue: .global())
source.setEventHandler { worker.shutdown() }
source.resume()
FileHandle.standardError.write(Data("test worker ready (\(mode))\n".utf8))
let parts = mode.split(separator: ":").map(String.init)
/// Starts through the async `start`, which runs the first workflow task with the start.
func startEagerly(_ workflowID: String, sleepMilliseconds: Int) async throws {
    guard try await worker.waitUntilReady() else { return }
    try await WorkflowClient(store: store).start(ThreeSteps.self, input: sleepMilliseconds, id: workflowID)
}

if parts.count == 3, parts[0] == "client", let count = Int(parts[2]) {
    let client = WorkflowClient(store: store)
    var slowest = Duration.zero
    for index in 0..<count {
        let started = ContinuousClock.now
        try client.start(TwoNoops.self, input: index, id: "\(parts[1])-\(index)")
        _ = try await client.result(workflowID: "\(parts[1])-\(index)", as: Int.self, timeout: .seconds(60))
        slowest = max(slowest, started.duration(to: .now))
    }
    print("slowest \(Int(slowest.seconds * 1000)) ms")
} else if parts.count == 3, parts[0] == "start", let sleep = Int(parts[2]) {
    let running = Task { try await worker.run() }
    try await startEagerly(parts[1], sleepMilliseconds: sleep)
    try await running.value
} else {
    try await worker.run()
}
