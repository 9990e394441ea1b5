import Metrics

/// The time of model calls, by provider (`local`, `openai`, `azure`) and outcome (`success`,
/// `error`), through swift-metrics: a no-op unless a backend was bootstrapped.
public struct ModelCallMetrics: Sendable {
    public static let durationName = "switchboard_model_call_duration_seconds"

    private let succeeded: CoreMetrics.Timer
    private let failed: CoreMetrics.Timer

    public init(provider: String, factory: any MetricsFactory = MetricsSystem.factory) {
        succeeded = CoreMetrics.Timer(label: Self.durationName, dimensions: [("provider", provider), ("outcome", "success")],
                                      factory: factory)
        failed = CoreMetrics.Timer(label: Self.durationName, dimensions: [("provider", provider), ("outcome", "error")],
                                   factory: factory)
    }

    /// Records one call that began at `start` and ends now.
    public func record(since start: ContinuousClock.Instant, failed didFail: Bool) {
        (didFail ? failed : succeeded).record(duration: start.duration(to: .now))
    }
}
