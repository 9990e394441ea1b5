/// What a workflow sees when an activity failed for good (retries exhausted, non-retryable
/// error, or timed out).
public struct ActivityError: Error, CustomStringConvertible, Sendable {
    public var activityType: String
    public var activityID: String
    /// How many attempts ran.
    public var attempts: Int
    /// The last attempt's failure.
    public var cause: ActivityFailureInfo
    /// True when it ended by a timeout rather than an error.
    public var timedOut: Bool

    public var description: String {
        "activity \(activityType) (\(activityID)) failed after \(attempts) attempt(s): \(cause)"
    }
}
