import DurableEngine
import Foundation
import HTTPServerCore
import RoutingWorkflow

/// `routing`: a routed question from start to result with real processes: the two agents on the
/// local model and a separate `switchboard worker`, the client in this process. Then whole
/// `switchboard route` processes, with that worker and with the embedded one, interleaved; and
/// the idle worker's CPU.
let routingBenchmark = Benchmark(name: "routing", summary: "start to result of routed questions across processes") {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-routing-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let hrPort = try LoopbackPort.free(), faqPort = try LoopbackPort.free()
    let agentURLs = ["--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
    let hr = try SwitchboardProcess.launch(["agent", "hr", "--port", String(hrPort), "--rate-limit", "0"], readyLine: "listening on")
    defer { SwitchboardProcess.stop(hr) }
    let faq = try SwitchboardProcess.launch(["agent", "faq", "--port", String(faqPort), "--rate-limit", "0"], readyLine: "listening on")
    defer { SwitchboardProcess.stop(faq) }
    let questions = ["How many vacation days do I get?", "Where can I park?", "When is payday?", "Is there a gym?"]
    var db = ""
    var routerBase = ""
    var worker: Process?
    defer { worker.map(SwitchboardProcess.stop) }
    for durability in [Durability.full, .normal] {
        worker.map(SwitchboardProcess.stop)
        db = directory.appendingPathComponent("history-\(durability).db").path
        let routerPort = try LoopbackPort.free()
        worker = try SwitchboardProcess.launch(["worker", "--db", db, "--durability", durability.rawValue,
                                                "--a2a-port", String(routerPort), "--rate-limit", "0"] + agentURLs,
                                               readyLine: "ready")
        routerBase = "http://127.0.0.1:\(routerPort)"
        let client = WorkflowClient(store: try WorkflowStore(path: db, durability: durability))
        var samples: [Double] = []
        for index in 0..<220 {
            let started = ContinuousClock.now
            let run = try await client.start(RoutingWorkflow.self, input: RouteRequest(question: questions[index % questions.count]))
            _ = try await client.result(workflowID: run.workflowID, as: RouteResult.self, timeout: .seconds(30))
            if index >= 20 { samples.append(started.duration(to: .now).seconds * 1000) }   // 20 warm-up runs
        }
        samples.sort()
        print("start to result at `\(durability)` durability, client here, worker and agents in their own processes "
              + "(200 questions, one at a time):")
        print("  p50 \(format(samples[samples.count / 2])) ms, p99 \(format(samples[samples.count * 99 / 100])) ms, "
              + "max \(format(samples.last ?? 0)) ms")
    }

    // The Router agent: SendMessage, each a routed question. Once on the last worker, whose file
    // this process also holds open (as a CLI or a console would); once on a worker of its own,
    // on a fresh file that only it uses.
    if let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) {
        print("-- the Router agent (`worker --a2a-port`, `normal` durability), each request a routed question")
        try runA2AWrk(wrk, base: routerBase, method: "SendMessage", label: "Router SendMessage, after the runs above",
                      expectedType: "application/json", server: worker.map { ($0.processIdentifier, "worker") }, warmUp: true)
        let routerPort = try LoopbackPort.free()
        let router = try SwitchboardProcess.launch(
            ["worker", "--db", directory.appendingPathComponent("router.db").path, "--durability", "normal",
             "--a2a-port", String(routerPort), "--rate-limit", "0"] + agentURLs, readyLine: "ready")
        defer { SwitchboardProcess.stop(router) }
        try runA2AWrk(wrk, base: "http://127.0.0.1:\(routerPort)", method: "SendMessage",
                      label: "Router SendMessage, a fresh file and worker", expectedType: "application/json",
                      server: (router.processIdentifier, "worker"), warmUp: true)
    } else {
        print("Router SendMessage: skipped (wrk is not installed)")
    }

    // Whole `route` processes: with the worker above, and alone (embedded worker), interleaved,
    // at `normal` durability, as `make demo` runs them.
    let lonely = directory.appendingPathComponent("embedded.db").path
    var separate: [Double] = [], embedded: [Double] = []
    for index in 0..<30 {
        let question = questions[index % questions.count]
        separate.append(try SwitchboardProcess.timedRun(
            ["route", "--quiet", "--no-embedded-worker", "--durability", "normal", "--db", db] + agentURLs + [question]))
        embedded.append(try SwitchboardProcess.timedRun(["route", "--quiet", "--durability", "normal", "--db", lonely] + agentURLs + [question]))
    }
    print("`switchboard route` as a whole process, median of 30 each, interleaved:")
    print("  with a separate worker \(format(median(separate))) ms, with the embedded worker \(format(median(embedded))) ms")

    guard let worker else { return }
    let before = try processCPUSeconds(worker.processIdentifier)
    try await Task.sleep(for: .seconds(5))
    let idle = (try processCPUSeconds(worker.processIdentifier) - before) / 5 * 100
    print("idle worker: \(String(format: "%.2f", idle)) % of a core over 5 s")
}

/// User plus system CPU seconds of process `pid`, from /proc.
func processCPUSeconds(_ pid: Int32) throws -> Double {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = stat.lastIndex(of: ")") else { throw BenchmarkError(message: "cannot read /proc/\(pid)/stat") }
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    // After the command: state is field 3, utime 14 and stime 15 (1-based), here offsets 11 and 12.
    guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else {
        throw BenchmarkError(message: "unexpected /proc/\(pid)/stat")
    }
    return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
}
