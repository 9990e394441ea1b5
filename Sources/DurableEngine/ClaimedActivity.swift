import Foundation

/// An activity attempt a worker claimed, by polling or eagerly when its workflow task scheduled it.
struct ClaimedActivity: Sendable {
    let runID: String
    let workflowID: String
    let workflowType: String
    let scheduledEventID: Int
    let activityID: String
    let activityType: String
    let input: Payload
    let options: ActivityOptions
    let attempt: Int
    let scheduledTime: Date
    let lastFailure: ActivityFailureInfo?
    let heartbeatDetails: Payload?
    /// When this attempt was due: the schedule for a first attempt, the retry time after a failure.
    var dueTime: Date
    /// The previous attempt's worker held it until its lease expired (it stopped responding).
    var takenOver = false
}
