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
}
