import AgentServer
import CoreMetrics
import Dispatch
import Foundation
import SwitchboardMetrics

/// `metrics`: what recording costs on the hot path, into the Prometheus registry and into
/// swift-metrics' no-op backend (metrics off): one agent request as `A2AAgentResponder` records it
/// (a counter and a histogram picked from pre-made tables), one counter increment and one timer
/// record; on one thread, and on two threads at once (the histogram's lock is then contended).
let metricsBenchmark = Benchmark(name: "metrics", summary: "ns per recorded request, counter and timer (Prometheus, no-op)") {
    let iterations = 2_000_000
    let backends: [(String, any MetricsFactory)] = [("prometheus", MetricsRegistry().factory), ("no-op", NOOPMetricsHandler.instance)]
    for (name, factory) in backends {
        let agent = AgentServerMetrics(factory: factory)
        let counter = Counter(label: "bench_events_total", dimensions: [("type", "x")], factory: factory)
        let timer = CoreMetrics.Timer(label: "bench_latency_seconds", dimensions: [("type", "x")], factory: factory)
        let request: @Sendable () -> Void = { agent.record(.sendMessage, status: 200, elapsed: .microseconds(80)) }
        let one = nanosecondsPerCall(iterations, threads: 1, request)
        let two = nanosecondsPerCall(iterations, threads: 2, request)
        let increment = nanosecondsPerCall(iterations, threads: 1) { counter.increment() }
        let record = nanosecondsPerCall(iterations, threads: 1) { timer.record(duration: .microseconds(80)) }
        print("  \(name): agent request \(format(one)) ns (\(format(two)) ns each on 2 threads at once), "
              + "counter increment \(format(increment)) ns, timer record \(format(record)) ns")
    }
}

/// Wall-clock nanoseconds per call when each of `threads` threads calls `body` `iterations` times.
private func nanosecondsPerCall(_ iterations: Int, threads: Int, _ body: @escaping @Sendable () -> Void) -> Double {
    let start = ContinuousClock.now
    DispatchQueue.concurrentPerform(iterations: threads) { _ in
        for _ in 0..<iterations { body() }
    }
    let elapsed = start.duration(to: .now)
    return (Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9) / Double(iterations)
}
