import A2AProtocol

/// One event of a task with its number, as stored in a batch row of `a2a_task_event_batches`
/// (a JSON array of them).
struct NumberedEvent: Codable {
    var seq: Int
    var event: StreamResponse

    /// The JSON of a batch of events.
    static func batch(_ events: [(seq: Int, event: StreamResponse)]) throws -> String {
        var json = "["
        for (index, (seq, event)) in events.enumerated() {
            json += index == 0 ? "{\"seq\":" : ",{\"seq\":"
            json += String(seq)
            json += ",\"event\":"
            json += try A2AJSON.encodeString(event)
            json += "}"
        }
        return json + "]"
    }
}
