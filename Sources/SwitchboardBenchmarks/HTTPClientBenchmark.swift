import Foundation
import HTTPClient
import HTTPServerCore

/// The libcurl client: CPU of its one loop thread while it holds 1,000 SSE streams, and the
/// per-request overhead on loopback.
let httpClientBenchmark = Benchmark(name: "http-client", summary: "libcurl client: 1,000 SSE streams on one thread, request overhead") {
    let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0, maxConnections: 8192), responder: BenchmarkResponder())
    try server.start()
    let client = HTTPClient()
    let url = URL(string: "http://127.0.0.1:\(server.port)")!
    // Per-request overhead: sequential GETs of the fast path.
    for _ in 0..<200 { _ = try await client.execute(HTTPClientRequest(url: url.appendingPathComponent("fast"))) }
    var latencies: [Double] = []
    for _ in 0..<2000 {
        let began = DispatchTime.now().uptimeNanoseconds
        _ = try await client.execute(HTTPClientRequest(url: url.appendingPathComponent("fast")))
        latencies.append(Double(DispatchTime.now().uptimeNanoseconds - began) / 1000)
    }
    latencies.sort()
    print("  sequential loopback GET (client + server + kernel): p50 \(format(latencies[1000])) µs, p99 \(format(latencies[1980])) µs")
    // The same GETs without the client: one blocking keep-alive socket on a thread of its own.
    let port = server.port
    let raw = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[Double], any Error>) in
        Thread { continuation.resume(with: Result { try RawHTTPLatency.measure(port: port, path: "/fast", count: 2000) }) }.start()
    }
    print("  same GET on a raw blocking socket (server + kernel): p50 \(format(raw[1000])) µs; "
          + "client overhead at p50: \(format(latencies[1000] - raw[1000])) µs")
    // 1,000 concurrent SSE streams of 10 events, one per second.
    let cpuBefore = threadCPUSeconds(named: "http-client")
    let began = Date()
    let events = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<1000 {
            group.addTask {
                var request = HTTPClientRequest(url: URL(string: "\(url)/sse?n=10")!)
                request.idleTimeout = .seconds(60)
                let stream = try await client.stream(request)
                var count = 0
                for try await _ in stream.events() { count += 1 }
                return count
            }
        }
        return try await group.reduce(0, +)
    }
    let wall = Date().timeIntervalSince(began)
    let cpu = threadCPUSeconds(named: "http-client") - cpuBefore
    print("  1,000 concurrent SSE streams (\(events) events in \(format(wall)) s): client loop thread used "
          + "\(format(cpu / wall * 100))% of a core")
    await server.shutdown()
}
