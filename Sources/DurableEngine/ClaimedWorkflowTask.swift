/// A workflow task a worker claimed: the run and its history length when claimed.
struct ClaimedWorkflowTask: Sendable {
    let runID: String
    let workflowID: String
    let workflowType: String
    /// `next_event_id` when claimed: if it moved by completion time, new events arrived meanwhile.
    let nextEventID: Int
    /// Another worker held the run until its lease expired.
    var takenOver = false
}
