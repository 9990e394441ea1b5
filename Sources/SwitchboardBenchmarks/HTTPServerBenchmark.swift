import Foundation
import HTTPServerCore

/// The libevent HTTP server: requests/s on the fast path and the async path (wrk, 64
/// connections, one wrk thread), then `http-sse-memory` in a process of its own.
let httpServerBenchmark = Benchmark(name: "http-server", summary: "HTTP server req/s (wrk) and SSE stream memory") {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/wrk") else {
        print("  skipped: wrk is not installed (apt-get install wrk)")
        return
    }
    let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0, maxConnections: 8192), responder: BenchmarkResponder())
    try server.start()
    for (label, path) in [("fast path (loop thread)", "/fast"), ("async path (Swift task)", "/async")] {
        let (rps, p50) = try runWrk(url: "http://127.0.0.1:\(server.port)\(path)")
        print("  \(label): \(format(rps)) requests/s, p50 latency \(p50)")
    }
    await server.shutdown()
    try runInFreshProcess("http-sse-memory")
}

/// `http-sse-memory`: the RSS of a process whose server holds 1,000 open SSE streams, against
/// the same process idle; `http-server` runs it in a process of its own, so the figure is not
/// that of whatever ran before in the same process.
let httpSSEMemoryBenchmark = Benchmark(name: "http-sse-memory", summary: "RSS of a server holding 1,000 open SSE streams",
                                       onlyWhenNamed: true) {
    let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0, maxConnections: 8192), responder: BenchmarkResponder())
    try server.start()
    let idle = residentMegabytes()
    var sockets: [Int32] = []
    for _ in 0..<1000 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(server.port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        let request = Array("GET /sse?n=30 HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        sockets.append(fd)
    }
    try await Task.sleep(for: .seconds(3))
    print("  1,000 open SSE streams: process RSS \(format(residentMegabytes())) MB (idle server: \(format(idle)) MB, "
          + "\(server.openConnections) connections open)")
    sockets.forEach { close($0) }
    await server.shutdown()
}
