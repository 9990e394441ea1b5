/// Text an activity attempt published while it ran (see `ActivityContext.publish`).
public struct LiveChunk: Sendable, Equatable {
    public var activityID: String
    public var attempt: Int
    public var text: String
}
