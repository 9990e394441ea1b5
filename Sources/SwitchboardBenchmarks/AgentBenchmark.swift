import A2AProtocol
import AgentExecutors
import AgentKnowledge
import AgentServer
import DurableEngine
import Foundation
import HTTPClient
import Logging
import Synchronization

/// Answers every question with the same eight chunks, so the benchmark measures the agent
/// server (parsing, task bookkeeping, JSON, SSE), not a model.
struct FixedAnswerExecutor: AgentExecutor {
    func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            for index in 0..<8 { continuation.yield("chunk \(index) of the answer to your question. ") }
            continuation.finish()
        }
    }
}

/// `agent`: SendMessage requests per second (wrk, unique message ids) and streamed answers per
/// second (SendStreamingMessage read to the end by the libcurl client, 16 at a time), for a
/// fixed answer (server overhead) and for the hr agent's local knowledge executor.
let agentBenchmark = Benchmark(name: "agent", summary: "A2A SendMessage req/s (wrk) and streamed answers/s") {
    var logger = Logger(label: "switchboard.bench.agent")
    logger.logLevel = .warning  // one line per request would measure the terminal
    let configuration = AgentServerConfiguration(rateLimit: nil, taskCapacity: 50_000)

    print("-- fixed 8-chunk answer (server overhead only)")
    let identity = AgentIdentity(name: "Bench Agent", description: "Benchmark agent.", version: "1.0.0", skills: [])
    let fixed = try AgentServerFactory.start(
        identity: identity, executor: FixedAnswerExecutor(), port: 0, configuration: configuration, logger: logger)
    try await measure(fixed)

    print("-- hr agent, local knowledge executor (BM25 retrieval, chunked answer)")
    let catalog = try AgentCatalog.locateDefault()
    guard let hr = catalog.agent(id: "hr") else { throw BenchmarkError(message: "agents/hr.yaml not found") }
    let knowledge = try KnowledgeBase(definition: hr, agentsDirectory: catalog.directory)
    let agent = try AgentServerFactory.start(
        definition: hr, executor: KnowledgeExecutor(knowledge: knowledge), port: 0, configuration: configuration,
        logger: logger)
    try await measure(agent)
}

/// Runs both measurements against `server`, then stops it.
private func measure(_ server: RunningAgentServer) async throws {
    do {
        try await measureAgent(base: server.baseURL)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// Connections wrk keeps open for SendMessage: 64, as issue 2's target says.
private let wrkConnections = 64

private func measureAgent(base: String) async throws {

    // 1. SendMessage and SendStreamingMessage with wrk; every request has its own messageId and
    //    every response is checked (HTTP 200, a completed task, SSE for streams).
    if let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) {
        try runA2AWrk(wrk, base: base, method: "SendMessage", label: "SendMessage", expectedType: "application/json")
        try runA2AWrk(wrk, base: base, method: "SendStreamingMessage", label: "SendStreamingMessage (whole SSE streams)",
                   expectedType: "text/event-stream")
    } else {
        print("SendMessage, SendStreamingMessage: skipped (wrk is not installed)")
    }

    // 2. Streamed answers per second, read event by event by our libcurl client (server and
    //    client share the two cores).
    let client = HTTPClient()
    let total = 2000
    let concurrency = 16
    let counter = StreamCounter()
    let started = ContinuousClock.now
    let cpuBefore = processCPUSeconds()
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var index = worker
                while index < total {
                    let body = #"{"jsonrpc":"2.0","id":1,"method":"SendStreamingMessage","params":{"message":{"messageId":"s-\#(index)","role":"ROLE_USER","parts":[{"text":"How long is parental leave?"}]}}}"#
                    let request = HTTPClientRequest(
                        url: URL(string: base + "/")!, method: .post,
                        headers: ["Content-Type": "application/json", "A2A-Version": "1.0", "Accept": "text/event-stream"],
                        body: Array(body.utf8))
                    let stream = try await client.stream(request)
                    var events = 0
                    for try await _ in stream.events() { events += 1 }
                    counter.add(events: events)
                    index += concurrency
                }
            }
        }
        try await group.waitForAll()
    }
    let seconds = started.duration(to: .now).seconds
    let events = counter.events
    print("SendStreamingMessage (\(total) answers, \(concurrency) concurrent, libcurl client):")
    let cpu = processCPUSeconds() - cpuBefore
    print(String(format: "  %.0f answers/s, %.0f events/s, %.1f events per answer; CPU %.0f µs per answer (server and client)",
                 Double(total) / seconds, Double(events) / seconds, Double(events) / Double(total), cpu / Double(total) * 1e6))
}

/// Runs wrk for 5 s with `wrkConnections` connections, each request a JSON-RPC `method` call with
/// a messageId unique to this call (another run on the same server would otherwise resend the
/// ids of the one before, which join its finished tasks), and prints its figures, the responses that failed the check, and the CPU
/// time per request of `server` (a process of its own), else of this process (meaningful when
/// the server runs in it).
/// With `warmUp`, a 2 s run with 8 connections comes first, unmeasured (a fresh server's
/// first requests fetch agent cards and fill caches).
func runA2AWrk(_ wrk: String, base: String, method: String, label: String, expectedType: String,
               server: (pid: Int32, name: String)? = nil, warmUp: Bool = false) throws {
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("agent-bench-\(getpid())-\(method).lua")
    try """
    local counter = 0
    local threads = {}
    bad = 0
    prefix = "?"
    function init(args) prefix = args[1] end
    function setup(thread) table.insert(threads, thread); thread:set("tid", #threads) end
    function request()
      counter = counter + 1
      local body = string.format('{"jsonrpc":"2.0","id":%d,"method":"\(method)","params":{"message":{"messageId":"%s-%d-%d","role":"ROLE_USER","parts":[{"text":"How many vacation days do I get?"}]}}}', counter, prefix, tid, counter)
      return wrk.format("POST", "/", {["Content-Type"]="application/json", ["A2A-Version"]="1.0"}, body)
    end
    function response(status, headers, body)
      local kind = headers["Content-Type"] or ""
      if status ~= 200 or not string.find(kind, "\(expectedType)", 1, true)
         or not string.find(body, "TASK_STATE_COMPLETED", 1, true) then bad = bad + 1 end
    end
    function done(summary, latency, requests)
      local failed = 0
      for _, thread in ipairs(threads) do failed = failed + thread:get("bad") end
      io.write(string.format("failed checks: %d\\n", failed))
    end
    """.write(to: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: script) }
    let ids = UUID().uuidString.prefix(8)
    if warmUp {
        let warming = Process()
        warming.executableURL = URL(fileURLWithPath: wrk)
        warming.arguments = ["-t2", "-c8", "-d2s", "-s", script.path, base + "/", "--", "w\(ids)"]
        warming.standardOutput = FileHandle.nullDevice
        try warming.run()
        warming.waitUntilExit()
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: wrk)
    process.arguments = ["-t2", "-c\(wrkConnections)", "-d5s", "-s", script.path, base + "/", "--", "m\(ids)"]
    let pipe = Pipe()
    process.standardOutput = pipe
    func serverCPU() throws -> Double { try server.map { try processCPUSeconds($0.pid) } ?? processCPUSeconds() }
    let cpuBefore = try serverCPU()
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let cpu = try serverCPU() - cpuBefore
    let keep = output.split(separator: "\n").filter {
        $0.contains("Requests/sec") || $0.contains("Latency") || $0.contains("requests in") || $0.contains("Non-2xx")
            || $0.contains("failed checks")
    }
    print("\(label) (wrk -t2 -c\(wrkConnections) -d5s, unique message ids):")
    for line in keep { print("  " + line.trimmingCharacters(in: .whitespaces)) }
    let requests = output.split(separator: "\n").first { $0.contains("requests in") }
        .flatMap { Double($0.trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") } ?? 0
    if requests > 0 {
        // CPU time is steadier than req/s on a machine shared with other work.
        let whose = server.map { "the \($0.name) process" } ?? "this process"
        print(String(format: "  server CPU: %.0f µs per request", cpu / requests * 1e6) + " (\(whose); wrk not counted)")
    }
}

/// CPU seconds (user + system) this process has used so far.
private func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Thread-safe event tally for the streaming workers.
private final class StreamCounter: Sendable {
    private let count = Atomic<Int>(0)
    func add(events: Int) { count.wrappingAdd(events, ordering: .relaxed) }
    var events: Int { count.load(ordering: .relaxed) }
}
