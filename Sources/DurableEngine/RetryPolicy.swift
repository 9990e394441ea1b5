import Foundation

/// How a failed activity is retried, with Temporal's semantics.
public struct RetryPolicy: Codable, Sendable, Equatable {
    /// The delay before the first retry.
    public var initialInterval: Duration
    /// Each retry's delay is the previous one times this (>= 1).
    public var backoffCoefficient: Double
    /// The cap on the delay; nil means 100 × `initialInterval`.
    public var maximumInterval: Duration?
    /// The most attempts in all, including the first; 0 means unlimited.
    public var maximumAttempts: Int
    /// Error types (`ApplicationError.type`) that are never retried.
    public var nonRetryableErrorTypes: [String]

    public init(initialInterval: Duration = .seconds(1), backoffCoefficient: Double = 2,
                maximumInterval: Duration? = nil, maximumAttempts: Int = 0, nonRetryableErrorTypes: [String] = []) {
        self.initialInterval = initialInterval
        self.backoffCoefficient = backoffCoefficient
        self.maximumInterval = maximumInterval
        self.maximumAttempts = maximumAttempts
        self.nonRetryableErrorTypes = nonRetryableErrorTypes
    }

    /// The default policy: 1 s, ×2, at most 100 s, unlimited attempts.
    public static let `default` = RetryPolicy()

    /// The effective cap on the delay.
    public var effectiveMaximumInterval: Duration { maximumInterval ?? initialInterval * 100 }

    /// The delay before the next attempt after attempt `attempt` (1-based) failed with `failure`,
    /// or nil when no further attempt is allowed. An error's own `nextRetryDelay` replaces the
    /// computed delay but does not lift the attempt limit or a non-retryable mark.
    public func delay(afterAttempt attempt: Int, failure: ActivityFailureInfo) -> Duration? {
        if failure.nonRetryable || nonRetryableErrorTypes.contains(failure.type) { return nil }
        if maximumAttempts > 0 && attempt >= maximumAttempts { return nil }
        if let explicit = failure.nextRetryDelay { return explicit }
        let seconds = initialInterval.seconds * pow(max(backoffCoefficient, 1), Double(attempt - 1))
        return .seconds(min(seconds, effectiveMaximumInterval.seconds))
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// A duration from fractional seconds.
    public static func seconds(_ value: Double) -> Duration { .milliseconds(Int64((value * 1000).rounded())) }
}
