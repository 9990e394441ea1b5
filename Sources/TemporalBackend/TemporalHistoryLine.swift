import Foundation

/// One event of a Temporal history as `workflow show` prints it: its ID, time, type (as the
/// engine names types, e.g. `ActivityTaskScheduled`) and what it is about.
public struct TemporalHistoryLine: Sendable, Equatable {
    public var eventID: Int
    public var time: Date
    public var type: String
    /// The activity type, signal, marker or timer, and a failure's message, if any.
    public var detail: String
}
