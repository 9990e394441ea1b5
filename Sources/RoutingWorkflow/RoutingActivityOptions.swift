import DurableEngine

/// Timeouts and retry policies of the routing activities.
///
/// None has a schedule-to-close timeout: that clock runs while the activity waits for a worker,
/// so a worker outage longer than it would fail questions that nothing was wrong with. Each
/// attempt is bounded by start-to-close (and the agent call by its heartbeat), and giving up is
/// bounded by attempts, which only count while a worker is running them.
public enum RoutingActivityOptions {
    /// Local steps: reading `agents/`, fetching cards, rendering a template. 5 attempts.
    public static let quick = ActivityOptions(
        startToCloseTimeout: .seconds(30),
        retryPolicy: RetryPolicy(initialInterval: .seconds(1), backoffCoefficient: 2, maximumInterval: .seconds(10),
                                 maximumAttempts: 5))

    /// A model call: a 429's `Retry-After` sets the next delay. 20 attempts (about 8 minutes of
    /// backoff at the 30 s cap).
    public static let model = ActivityOptions(
        startToCloseTimeout: .seconds(120),
        retryPolicy: RetryPolicy(initialInterval: .seconds(1), backoffCoefficient: 2, maximumInterval: .seconds(30),
                                 maximumAttempts: 20))

    /// The agent call: start-to-close 5 min, heartbeat 30 s, retries every 1 s doubling to 30 s,
    /// 30 attempts (about 13 minutes of an agent that stays down).
    public static let agentCall = ActivityOptions(
        startToCloseTimeout: .seconds(300), heartbeatTimeout: .seconds(30),
        retryPolicy: RetryPolicy(initialInterval: .seconds(1), backoffCoefficient: 2, maximumInterval: .seconds(30),
                                 maximumAttempts: 30))
}

extension ActivityOptions {
    /// These options with every timeout and retry interval multiplied by `scale` (nil or 1:
    /// unchanged). Attempt counts and the backoff coefficient stay as they are.
    public func scaled(by scale: Double?) -> ActivityOptions {
        guard let scale, scale != 1 else { return self }
        var options = self
        options.startToCloseTimeout = startToCloseTimeout.map { $0 * scale }
        options.scheduleToCloseTimeout = scheduleToCloseTimeout.map { $0 * scale }
        options.heartbeatTimeout = heartbeatTimeout.map { $0 * scale }
        options.retryPolicy.initialInterval = retryPolicy.initialInterval * scale
        options.retryPolicy.maximumInterval = retryPolicy.maximumInterval.map { $0 * scale }
        return options
    }
}
