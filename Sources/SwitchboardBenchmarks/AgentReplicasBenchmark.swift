import AgentServer
import AgentTesting
import Foundation
import HTTPClient
import Logging
import PostgresTaskStore

/// `agent-replicas`: what sharing tasks through a `--tasks-db` file or a PostgreSQL server
/// (`--tasks-url`) costs SendMessage, against the in-memory store: sequential latency (p50, p99)
/// and wrk req/s, the fixed 8-chunk answer, and the same with a second replica's store open on
/// the file or the server. PostgreSQL is `$SWITCHBOARD_BENCH_TASKS_URL`, else a server the
/// benchmark starts (as the tests do) on a data directory in a temporary folder.
let agentReplicasBenchmark = Benchmark(name: "agent-replicas", summary: "SendMessage in memory vs shared on a file or PostgreSQL") {
    var logger = Logger(label: "switchboard.bench.replicas")
    logger.logLevel = .warning
    let identity = AgentIdentity(name: "Bench Agent", description: "Benchmark agent.", version: "1.0.0", skills: [])
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("replicas-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let postgres = try await benchmarkPostgres()
    var stores: [(String, String?, String?)] = [
        ("in memory", nil, nil), ("on a shared --tasks-db file", directory.appendingPathComponent("tasks.db").path, nil),
    ]
    if let url = postgres.url { stores.append(("on PostgreSQL (--tasks-url)", nil, url)) }
    for (label, path, url) in stores {
        print("-- fixed 8-chunk answer, tasks \(label)")
        var configuration = AgentServerConfiguration(rateLimit: nil, taskCapacity: 50_000)
        configuration.tasksDatabasePath = path
        if let url {
            let storeLogger = logger
            configuration.sharedTaskStore = { try PostgresTaskStore(url: url, logger: storeLogger) }
        }
        let servers = try (0..<(configuration.sharesTasks ? 2 : 1)).map { _ in
            try AgentServerFactory.start(identity: identity, executor: FixedAnswerExecutor(), port: 0, configuration: configuration,
                                         logger: logger)
        }
        do {
            try await sequentialLatency(base: servers[0].baseURL, label: label)
            if let wrk = ["/usr/bin/wrk", "/usr/local/bin/wrk"].first(where: FileManager.default.isExecutableFile) {
                try runA2AWrk(wrk, base: servers[0].baseURL, method: "SendMessage", label: "SendMessage", expectedType: "application/json")
            }
        } catch {
            for server in servers { await server.shutdown() }
            throw error
        }
        for server in servers { await server.shutdown() }
    }
    await postgres.server?.stop()
}

/// The PostgreSQL database of the benchmark: `$SWITCHBOARD_BENCH_TASKS_URL`, else a new one on a
/// server started here (nil, with the reason printed, when neither can be had).
private func benchmarkPostgres() async throws -> (url: String?, server: PostgresTestServer?) {
    if let url = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_TASKS_URL"], !url.isEmpty { return (url, nil) }
    if let reason = PostgresTestServer.unavailableReason {
        print("-- tasks on PostgreSQL: skipped, \(reason)")
        return (nil, nil)
    }
    let server = try await PostgresTestServer.start()
    return (try await server.createDatabase("bench_\(getpid())"), server)
}

/// 2,000 blocking SendMessage calls one after another (after 200 to warm up), each with its own
/// messageId; prints p50 and p99.
private func sequentialLatency(base: String, label: String) async throws {
    let client = HTTPClient()
    var micros: [Double] = []
    for index in 0..<2200 {
        let body = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"seq-\#(index)-\#(UUID().uuidString)","role":"ROLE_USER","parts":[{"text":"How long is parental leave?"}]}}}"#
        let request = HTTPClientRequest(url: URL(string: base + "/")!, method: .post,
                                        headers: ["Content-Type": "application/json", "A2A-Version": "1.0"], body: Array(body.utf8))
        let started = ContinuousClock.now
        let response = try await client.execute(request)
        let elapsed = started.duration(to: .now)
        guard response.status == 200, response.text.contains("TASK_STATE_COMPLETED") else {
            throw BenchmarkError(message: "SendMessage answered \(response.status): \(response.text.prefix(200))")
        }
        if index >= 200 { micros.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6) }
    }
    micros.sort()
    print(String(format: "SendMessage one at a time (\(label)): p50 %.0f µs, p99 %.0f µs", micros[micros.count / 2],
                 micros[micros.count * 99 / 100]))
}
