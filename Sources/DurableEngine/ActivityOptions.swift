/// Timeouts and retries of one activity call, with Temporal's meanings.
public struct ActivityOptions: Codable, Sendable, Equatable {
    /// The limit on one attempt, from its start to its result.
    public var startToCloseTimeout: Duration?
    /// The limit on all attempts together, from scheduling to the final result.
    public var scheduleToCloseTimeout: Duration?
    /// The longest an attempt may go without calling `heartbeat`.
    public var heartbeatTimeout: Duration?
    public var retryPolicy: RetryPolicy

    public init(startToCloseTimeout: Duration? = nil, scheduleToCloseTimeout: Duration? = nil,
                heartbeatTimeout: Duration? = nil, retryPolicy: RetryPolicy = .default) {
        self.startToCloseTimeout = startToCloseTimeout
        self.scheduleToCloseTimeout = scheduleToCloseTimeout
        self.heartbeatTimeout = heartbeatTimeout
        self.retryPolicy = retryPolicy
    }

    /// The per-attempt limit: start-to-close, else schedule-to-close, else 10 minutes.
    var attemptTimeout: Duration { startToCloseTimeout ?? scheduleToCloseTimeout ?? .seconds(600) }
}
