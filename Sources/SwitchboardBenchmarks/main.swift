// Release-mode benchmarks. Run `swift run -c release SwitchboardBenchmarks` for all of them or
// `swift run -c release SwitchboardBenchmarks <name> ...` for some. Each benchmark lives in its own
// file as a `Benchmark` value and prints the figures the README quotes.
import Foundation
import SwitchboardMetrics

/// One named benchmark.
struct Benchmark: Sendable {
    let name: String
    let summary: String
    /// Runs only when named on the command line (not in a full `make bench`).
    var onlyWhenNamed = false
    let run: @Sendable () async throws -> Void
}

/// Every benchmark, in the order they run by default. Add yours here.
let benchmarks: [Benchmark] = [
    agentBenchmark,
    agentMemoryBenchmark,
    agentReplicasBenchmark,
    durableBenchmark,
    durableRunBenchmark,
    durableSleepBenchmark,
    httpServerBenchmark,
    httpSSEMemoryBenchmark,
    httpClientBenchmark,
    routingBenchmark,
    localModelBenchmark,
    consoleBenchmark,
    metricsBenchmark,
    temporalBenchmark,
    temporalWorkerBenchmark,
]

let requested = Set(CommandLine.arguments.dropFirst())
if requested.contains("--help") || requested.contains("-h") {
    print("usage: SwitchboardBenchmarks [name ...]\n")
    for b in benchmarks { print("  \(b.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(b.summary)") }
    exit(0)
}
let unknown = requested.subtracting(benchmarks.map(\.name))
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("unknown benchmark: \(unknown.sorted().joined(separator: ", "))\n".utf8))
    exit(2)
}
/// `SWITCHBOARD_BENCH_METRICS=1` runs the in-process servers and workers with their Prometheus
/// metrics recording (as `agent --metrics` and `worker --metrics-port` do), to measure their cost.
let metricsRegistry = ProcessInfo.processInfo.environment["SWITCHBOARD_BENCH_METRICS"] == "1"
    ? MetricsRegistry.bootstrap() : nil
print("metrics: \(metricsRegistry == nil ? "off" : "on") (SWITCHBOARD_BENCH_METRICS=\(metricsRegistry == nil ? "0" : "1"))")
for b in benchmarks where requested.contains(b.name) || (requested.isEmpty && !b.onlyWhenNamed) {
    print("== \(b.name): \(b.summary)")
    do { try await b.run() } catch {
        FileHandle.standardError.write(Data("benchmark \(b.name) failed: \(error)\n".utf8))
        exit(1)
    }
    if let metricsRegistry {
        let started = ContinuousClock.now
        let text = await metricsRegistry.render()
        let lines = text.split(separator: UInt8(ascii: "\n")).filter { $0.first != UInt8(ascii: "#") }.count
        print("metrics: \(lines) samples, \(text.count) bytes rendered in \(started.duration(to: .now))")
    }
}
