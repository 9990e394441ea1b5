public import CoreMetrics
internal import Prometheus
import Synchronization

/// One process's Prometheus registry behind swift-metrics: instrumented modules create their
/// metrics through `factory` (or through `MetricsSystem` once `bootstrap()` ran), and `render()`
/// writes them all in the text exposition format. Samplers refresh gauges that are read, not
/// counted (tasks in a store, a file's size), just before each render.
public final class MetricsRegistry: Sendable {
    /// Histogram buckets in seconds, from a fast in-memory request (0.5 ms) to a slow model call (60 s).
    public static let latencyBuckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2_500), .seconds(5), .seconds(10), .seconds(30), .seconds(60),
    ]

    /// The Prometheus registry every metric of `factory` lands in.
    private let prometheus: PrometheusCollectorRegistry
    /// The swift-metrics factory writing into `prometheus`.
    public let factory: any MetricsFactory
    private let samplers = Mutex<[@Sendable () async -> Void]>([])

    public init() {
        let prometheus = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: prometheus)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        self.prometheus = prometheus
        self.factory = factory
    }

    /// Adds a closure run before every render, e.g. one that reads a count into a gauge.
    /// It may block briefly (a SQLite query).
    public func addSampler(_ sampler: @escaping @Sendable () async -> Void) {
        samplers.withLock { $0.append(sampler) }
    }

    /// Runs the samplers, then returns every metric in the Prometheus text format (0.0.4).
    public func render() async -> [UInt8] {
        for sampler in samplers.withLock({ $0 }) { await sampler() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 << 10)
        prometheus.emit(into: &buffer)
        return buffer
    }

    private static let global = Mutex<MetricsRegistry?>(nil)

    /// The process's registry, made the backend of `MetricsSystem` on the first call (later calls
    /// return the same one): metrics created with swift-metrics' default factory from then on
    /// are exported. Call it before creating the servers and workers to instrument.
    public static func bootstrap() -> MetricsRegistry {
        global.withLock { global in
            if let global { return global }
            let registry = MetricsRegistry()
            MetricsSystem.bootstrap(registry.factory)
            global = registry
            return registry
        }
    }
}
