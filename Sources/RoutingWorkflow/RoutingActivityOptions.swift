import DurableEngine

/// Timeouts and retry policies of the routing activities.
public enum RoutingActivityOptions {
    /// Local steps: reading `agents/`, fetching cards, rendering a template.
    public static let quick = ActivityOptions(
        startToCloseTimeout: .seconds(30), scheduleToCloseTimeout: .seconds(120),
        retryPolicy: RetryPolicy(initialInterval: .seconds(1), backoffCoefficient: 2, maximumInterval: .seconds(10),
                                 maximumAttempts: 5))

    /// A model call: a 429's `Retry-After` sets the next delay.
    public static let model = ActivityOptions(
        startToCloseTimeout: .seconds(120), scheduleToCloseTimeout: .seconds(600),
        retryPolicy: RetryPolicy(initialInterval: .seconds(1), backoffCoefficient: 2, maximumInterval: .seconds(30),
                                 maximumAttempts: 0))

    /// The agent call: start-to-close 5 min, heartbeat 30 s, retries every 1 s doubling to 30 s,
    /// no attempt limit inside a 10-minute schedule-to-close.
    public static let agentCall = ActivityOptions(
        startToCloseTimeout: .seconds(300), scheduleToCloseTimeout: .seconds(600), heartbeatTimeout: .seconds(30),
        retryPolicy: RetryPolicy(initialInterval: .seconds(1), backoffCoefficient: 2, maximumInterval: .seconds(30),
                                 maximumAttempts: 0))
}
