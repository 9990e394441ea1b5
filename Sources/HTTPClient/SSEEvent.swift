/// One Server-Sent Event, as dispatched by `SSEParser`.
public struct SSEEvent: Sendable, Equatable, CustomStringConvertible {
    /// The `event:` type; `message` when the event named none.
    public var event: String
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The last event ID seen on the stream (`id:`), which persists across events; nil if none yet.
    public var id: String?
    /// The reconnection time in milliseconds, when this event's block carried a valid `retry:`.
    public var retry: Int?

    public init(event: String = "message", data: String, id: String? = nil, retry: Int? = nil) {
        self.event = event
        self.data = data
        self.id = id
        self.retry = retry
    }

    public var description: String {
        "SSEEvent(event: \(event), id: \(id ?? "nil"), data: \(data.count) chars)"
    }
}
