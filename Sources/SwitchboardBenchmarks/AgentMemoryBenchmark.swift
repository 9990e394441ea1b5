import DurableEngine
import Foundation
import HTTPClient
import HTTPServerCore

/// `agent-memory`: RSS of real `switchboard agent hr` processes (the binary next to this one),
/// idle after start, and idle again after mixed A2A traffic and a 64-connection wrk run; plus
/// the first SendMessage's latency. Each is the median of five fresh processes, with start-up's
/// pages released (the default) and kept (`SWITCHBOARD_KEEP_STARTUP_PAGES=1`).
let agentMemoryBenchmark = Benchmark(name: "agent-memory", summary: "idle RSS of a real agent process, before and after traffic") {
    _ = try SwitchboardProcess.binary()   // fails early when it was not built
    let client = HTTPClient()
    // A first process warms this side (libcurl, its connection cache) and is not counted.
    _ = try await AgentMemorySample.measure(keepStartupPages: false, client: client)
    for keep in [false, true] {
        var samples: [AgentMemorySample] = []
        for _ in 0..<5 {
            samples.append(try await AgentMemorySample.measure(keepStartupPages: keep, client: client))
        }
        print(keep ? "-- start-up pages kept (SWITCHBOARD_KEEP_STARTUP_PAGES=1)" : "-- start-up pages released (default)")
        func median(_ value: (AgentMemorySample) -> Double) -> Double { SwitchboardBenchmarks.median(samples.map(value)) }
        func range(_ value: (AgentMemorySample) -> Double) -> String {
            let values = samples.map(value)
            return "\(format(values.min() ?? 0))–\(format(values.max() ?? 0))"
        }
        print("  idle after start:      RSS \(format(median(\.idle.total))) MB (\(range(\.idle.total))); "
              + "anonymous \(format(median(\.idle.anonymous))), files \(format(median(\.idle.files)))")
        print("  idle after traffic:    RSS \(format(median(\.afterTraffic.total))) MB (\(range(\.afterTraffic.total))); "
              + "anonymous \(format(median(\.afterTraffic.anonymous))), files \(format(median(\.afterTraffic.files)))")
        print("  first SendMessage:     \(format(median(\.firstRequestMilliseconds))) ms (\(range(\.firstRequestMilliseconds))); "
              + "second: \(format(median(\.secondRequestMilliseconds))) ms")
    }
    // An agent that has answered 10,000 different questions keeps every task (the default
    // capacity): what each retained task costs.
    var retained: [(total: Double, perTask: Double, anonymousPerTask: Double)] = []
    for _ in 0..<3 {
        retained.append(try await AgentMemorySample.retaining(tasks: 10_000, client: client))
    }
    let total = median(retained.map(\.total)), perTask = median(retained.map(\.perTask))
    print("-- 10,000 retained tasks (SendMessage, a short question, the HR agent's ~330-byte answer)")
    print("  RSS \(format(total)) MB (\(format(retained.map(\.total).min() ?? 0))–\(format(retained.map(\.total).max() ?? 0))); "
          + "\(Int(perTask)) bytes per task over the idle process, \(Int(median(retained.map(\.anonymousPerTask)))) of them "
          + "anonymous memory (the rest is code the traffic paged in)")
}

/// One agent process's figures.
private struct AgentMemorySample {
    var idle: ResidentMemory
    var afterTraffic: ResidentMemory
    var firstRequestMilliseconds: Double
    var secondRequestMilliseconds: Double

    static func measure(keepStartupPages: Bool, client: HTTPClient) async throws -> AgentMemorySample {
        let port = try LoopbackPort.free()
        let process = try launchAgent(port: port, environment: ["SWITCHBOARD_KEEP_STARTUP_PAGES": keepStartupPages ? "1" : "0"])
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        try await Task.sleep(for: .milliseconds(300))  // let it settle; nothing is measured as time here
        let idle = try ResidentMemory(process: String(process.processIdentifier))

        let base = "http://127.0.0.1:\(port)"
        let first = try await timedSend(client, base: base, messageId: "first")
        let second = try await timedSend(client, base: base, messageId: "second")
        try await mixedTraffic(client, base: base)
        _ = try runWrk(url: base + "/.well-known/agent-card.json", connections: 64, seconds: 2)
        try await Task.sleep(for: .milliseconds(300))
        let afterTraffic = try ResidentMemory(process: String(process.processIdentifier))
        return AgentMemorySample(idle: idle, afterTraffic: afterTraffic, firstRequestMilliseconds: first,
                                 secondRequestMilliseconds: second)
    }

    /// Starts an agent, sends `tasks` SendMessages with distinct message ids (8 at a time), and
    /// returns its RSS in MB and the bytes each task added over the idle process, in all and in
    /// anonymous memory.
    static func retaining(tasks: Int, client: HTTPClient) async throws
        -> (total: Double, perTask: Double, anonymousPerTask: Double) {
        let port = try LoopbackPort.free()
        let process = try launchAgent(port: port, environment: [:])
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        let base = "http://127.0.0.1:\(port)"
        _ = try await timedSend(client, base: base, messageId: "warm-up")
        try await Task.sleep(for: .milliseconds(300))
        let idle = try ResidentMemory(process: String(process.processIdentifier))
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in 0..<8 {
                group.addTask {
                    for index in stride(from: lane, to: tasks, by: 8) {
                        _ = try await timedSend(client, base: base, messageId: "retained-\(index)")
                    }
                }
            }
            try await group.waitForAll()
        }
        try await Task.sleep(for: .milliseconds(300))
        let after = try ResidentMemory(process: String(process.processIdentifier))
        return (after.total, (after.total - idle.total) * 1_048_576 / Double(tasks),
                (after.anonymous - idle.anonymous) * 1_048_576 / Double(tasks))
    }

    /// Starts `switchboard agent hr` with `environment` added, once it is listening (start-up's
    /// pages go right after that line).
    private static func launchAgent(port: Int, environment extra: [String: String]) throws -> Process {
        try SwitchboardProcess.launch(["agent", "hr", "--port", String(port), "--rate-limit", "0"], environment: extra,
                                      readyLine: "listening on")
    }

    /// One SendMessage; returns its latency in milliseconds.
    private static func timedSend(_ client: HTTPClient, base: String, messageId: String) async throws -> Double {
        let started = ContinuousClock.now
        let response = try await client.execute(rpc(base: base, method: "SendMessage", messageId: messageId))
        guard response.status == 200 else { throw BenchmarkError(message: "SendMessage answered \(response.status)") }
        return started.duration(to: .now).seconds * 1000
    }

    /// 50 rounds of every kind of request an agent serves, bad ones included.
    private static func mixedTraffic(_ client: HTTPClient, base: String) async throws {
        for round in 0..<50 {
            _ = try await client.execute(HTTPClientRequest(url: URL(string: base + "/.well-known/agent-card.json")!))
            _ = try await client.execute(rpc(base: base, method: "SendMessage", messageId: "m-\(round)"))
            let stream = try await client.stream(rpc(base: base, method: "SendStreamingMessage", messageId: "s-\(round)"))
            for try await _ in stream.events() {}
            _ = try await client.execute(HTTPClientRequest(url: URL(string: base + "/tasks?pageSize=5")!))
            _ = try await client.execute(HTTPClientRequest(
                url: URL(string: base + "/")!, method: .post, headers: ["Content-Type": "application/json"],
                body: Array("{not json".utf8)))
        }
    }

    private static func rpc(base: String, method: String, messageId: String) -> HTTPClientRequest {
        let body = #"{"jsonrpc":"2.0","id":1,"method":"\#(method)","params":{"message":{"messageId":"\#(messageId)","role":"ROLE_USER","parts":[{"text":"How many vacation days do I get?"}]}}}"#
        return HTTPClientRequest(
            url: URL(string: base + "/")!, method: .post,
            headers: ["Content-Type": "application/json", "A2A-Version": "1.0"], body: Array(body.utf8))
    }
}
