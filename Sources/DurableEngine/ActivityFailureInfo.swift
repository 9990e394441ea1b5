/// A recorded activity failure: what the history and `describe` show.
public struct ActivityFailureInfo: Codable, Sendable, Equatable, CustomStringConvertible {
    public var type: String
    public var message: String
    public var nonRetryable: Bool
    public var nextRetryDelay: Duration?

    public init(type: String, message: String, nonRetryable: Bool = false, nextRetryDelay: Duration? = nil) {
        self.type = type
        self.message = message
        self.nonRetryable = nonRetryable
        self.nextRetryDelay = nextRetryDelay
    }

    /// Classifies any error thrown by an activity.
    public init(_ error: any Error) {
        switch error {
        case let application as ApplicationError:
            self.init(type: application.type, message: application.message, nonRetryable: application.nonRetryable,
                      nextRetryDelay: application.nextRetryDelay)
        case is CancellationError:
            self.init(type: "Cancelled", message: "the activity was cancelled")
        case let timeout as ActivityTimeout:
            self.init(type: timeout.temporalType, message: timeout.description)
        default:
            self.init(type: String(describing: Swift.type(of: error)), message: String(describing: error))
        }
    }

    public var description: String { "\(type): \(message)" }
}

/// An attempt ran out of time.
struct ActivityTimeout: Error, CustomStringConvertible {
    let kind: String
    let limit: Duration
    var description: String { "\(kind) timeout of \(limit.seconds) s exceeded" }
    /// Temporal's type names, which `nonRetryableErrorTypes` can list: `TemporalTimeout:StartToClose`, ...
    var temporalType: String {
        switch kind {
        case "heartbeat": "TemporalTimeout:Heartbeat"
        case "schedule-to-close": "TemporalTimeout:ScheduleToClose"
        default: "TemporalTimeout:StartToClose"
        }
    }
}
