import Foundation
import HTTPServerCore

/// Routes for the HTTP benchmarks: a fast-path answer, an async answer, and a slow SSE stream.
struct BenchmarkResponder: HTTPResponder {
    func respondImmediately(to request: HTTPRequest) -> HTTPResponse? {
        request.path == "/fast" ? HTTPResponse(headers: ["Content-Type": "text/plain"], text: "ok") : nil
    }

    func respond(to request: HTTPRequest) async -> HTTPResponse {
        if request.path == "/sse" {
            let events = Int(request.query["n"] ?? "10") ?? 10
            return HTTPResponse(headers: ["Content-Type": "text/event-stream"], body: .stream { writer in
                for index in 0..<events {
                    try await writer.write("data: {\"i\":\(index)}\n\n")
                    try await Task.sleep(for: .seconds(1))
                }
            })
        }
        return HTTPResponse(headers: ["Content-Type": "text/plain"], text: "ok")
    }
}

/// CPU seconds used so far by the threads whose name starts with `prefix` (from /proc/self/task).
func threadCPUSeconds(named prefix: String) -> Double {
    let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
    let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
    var total = 0.0
    for task in tasks {
        let comm = ((try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        guard comm.hasPrefix(prefix), let stat = try? String(contentsOfFile: "/proc/self/task/\(task)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        total += ((Double(fields[11]) ?? 0) + (Double(fields[12]) ?? 0)) / ticks
    }
    return total
}

/// Runs wrk and returns (requests/s, p50 latency text).
func runWrk(url: String, connections: Int = 64, seconds: Int = 5) throws -> (Double, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/wrk")
    process.arguments = ["-t1", "-c\(connections)", "-d\(seconds)s", "--latency", url]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let rps = output.split(separator: "\n").first { $0.contains("Requests/sec:") }
        .flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
    let p50 = output.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("50%") }
        .map { String($0.split(separator: " ").last ?? "") } ?? "?"
    return (rps, p50)
}
