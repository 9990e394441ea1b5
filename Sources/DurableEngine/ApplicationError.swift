/// An error an activity (or workflow) throws on purpose, with what the engine needs to decide
/// about retries. HTTP `Retry-After` reaches the engine through `nextRetryDelay`.
public struct ApplicationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A short type name, matched against `RetryPolicy.nonRetryableErrorTypes`.
    public var type: String
    public var message: String
    /// True when no retry can help (bad request, bad credentials).
    public var nonRetryable: Bool
    /// A delay that replaces the policy's computed one for the next attempt.
    public var nextRetryDelay: Duration?

    public init(type: String, message: String, nonRetryable: Bool = false, nextRetryDelay: Duration? = nil) {
        self.type = type
        self.message = message
        self.nonRetryable = nonRetryable
        self.nextRetryDelay = nextRetryDelay
    }

    public var description: String { "\(type): \(message)" }
}
