import Foundation

/// The attributes of a history event. Each event type uses some of the fields, as in Temporal.
public struct EventAttributes: Codable, Sendable, Equatable {
    public var workflowType: String?
    public var input: Payload?
    public var result: Payload?
    public var failure: ActivityFailureInfo?
    public var activityID: String?
    public var activityType: String?
    public var options: ActivityOptions?
    public var scheduledEventID: Int?
    public var attempt: Int?
    public var lastFailure: ActivityFailureInfo?
    public var timerID: String?
    public var startToFireTimeout: Duration?
    public var signalName: String?
    public var markerName: String?
    public var details: Payload?
    public var reason: String?
    public var identity: String?
    public var newExecutionRunID: String?
    public var continuedExecutionRunID: String?

    public init() {}
}

/// One event in a workflow run's history.
public struct HistoryEvent: Codable, Sendable, Equatable {
    /// 1-based position in the run's history.
    public var eventID: Int
    public var eventTime: Date
    public var eventType: EventType
    public var attributes: EventAttributes

    public init(eventID: Int, eventTime: Date, eventType: EventType, attributes: EventAttributes) {
        self.eventID = eventID
        self.eventTime = eventTime
        self.eventType = eventType
        self.attributes = attributes
    }
}
