import DurableEngine
import Foundation
import Testing

/// RetryPolicy against Temporal's documented semantics (reference/durable.md §1.4).
@Suite("Retry policy") struct RetryPolicyTests {
    static let failure = ActivityFailureInfo(type: "HTTP503", message: "unavailable")

    @Test(arguments: [
        // (initial s, coefficient, max s, attempts, after attempt, expected delay s or nil)
        (1.0, 2.0, 100.0, 0, 1, 1.0), (1.0, 2.0, 100.0, 0, 2, 2.0), (1.0, 2.0, 100.0, 0, 4, 8.0),
        (1.0, 2.0, 5.0, 0, 10, 5.0),            // capped at the maximum interval
        (0.2, 2.0, 5.0, 5, 4, 1.6), (0.2, 2.0, 5.0, 5, 5, -1),   // maximum attempts counts the first one
        (1.0, 1.0, 100.0, 0, 7, 1.0),           // coefficient 1: constant
        (1.0, 2.0, 100.0, 1, 1, -1),            // 1 attempt disables retries
        (1.0, 2.0, 100.0, 0, 1000, 100.0),      // 0 = unlimited, capped delay
    ])
    func delays(initial: Double, coefficient: Double, maximum: Double, attempts: Int, after: Int, expected: Double) {
        let policy = RetryPolicy(initialInterval: .seconds(initial), backoffCoefficient: coefficient,
                                 maximumInterval: .seconds(maximum), maximumAttempts: attempts)
        let delay = policy.delay(afterAttempt: after, failure: Self.failure)
        if expected < 0 {
            #expect(delay == nil)
        } else {
            #expect(abs((delay?.seconds ?? -1) - expected) < 0.001, "got \(String(describing: delay))")
        }
    }

    @Test func theDefaultMaximumIsAHundredTimesTheInitialInterval() {
        #expect(RetryPolicy(initialInterval: .seconds(2)).effectiveMaximumInterval == .seconds(200))
    }

    @Test func nonRetryableFlagAndTypesStopRetries() {
        let policy = RetryPolicy(nonRetryableErrorTypes: ["HTTP400"])
        #expect(policy.delay(afterAttempt: 1, failure: ActivityFailureInfo(type: "HTTP400", message: "bad")) == nil)
        #expect(policy.delay(afterAttempt: 1, failure: ActivityFailureInfo(type: "HTTP4000", message: "x")) != nil, "exact match only")
        #expect(policy.delay(afterAttempt: 1, failure: ActivityFailureInfo(type: "X", message: "x", nonRetryable: true)) == nil)
    }

    @Test func anErrorsNextRetryDelayReplacesTheComputedOneButNotTheLimit() {
        let retryAfter = ActivityFailureInfo(type: "ModelError.rateLimited", message: "429", nextRetryDelay: .seconds(7))
        #expect(RetryPolicy().delay(afterAttempt: 1, failure: retryAfter) == .seconds(7))
        #expect(RetryPolicy(maximumAttempts: 2).delay(afterAttempt: 2, failure: retryAfter) == nil)
    }

    @Test func timeoutsRetryUnlessListed() {
        let policy = RetryPolicy(nonRetryableErrorTypes: ["TemporalTimeout:Heartbeat"])
        #expect(policy.delay(afterAttempt: 1, failure: ActivityFailureInfo(type: "TemporalTimeout:StartToClose", message: "t")) != nil)
        #expect(policy.delay(afterAttempt: 1, failure: ActivityFailureInfo(type: "TemporalTimeout:Heartbeat", message: "t")) == nil)
    }
}
