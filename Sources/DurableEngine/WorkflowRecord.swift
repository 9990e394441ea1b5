import Foundation

/// A summary of one workflow run, as `list` returns it.
public struct WorkflowRecord: Codable, Sendable, Equatable {
    public var workflowID: String
    public var runID: String
    public var workflowType: String
    public var status: WorkflowStatus
    public var startTime: Date
    public var closeTime: Date?
    /// The number of events in the run's history.
    public var historyLength: Int

    /// Memberwise; `package` so that other backends of this package can build one.
    package init(workflowID: String, runID: String, workflowType: String, status: WorkflowStatus, startTime: Date,
                 closeTime: Date?, historyLength: Int) {
        self.workflowID = workflowID
        self.runID = runID
        self.workflowType = workflowType
        self.status = status
        self.startTime = startTime
        self.closeTime = closeTime
        self.historyLength = historyLength
    }
}

/// An activity that is scheduled or running, as `describe` shows it.
public struct PendingActivity: Codable, Sendable, Equatable {
    public var activityID: String
    public var activityType: String
    /// The attempt running now, or the number of attempts so far while waiting to retry.
    public var attempt: Int
    /// `scheduled`, `started` or `backing-off`.
    public var state: String
    public var scheduledTime: Date
    public var lastStartedTime: Date?
    public var lastFailure: ActivityFailureInfo?
    public var nextAttemptTime: Date?
    public var lastHeartbeatTime: Date?

    /// Memberwise; `package` so that other backends of this package can build one.
    package init(activityID: String, activityType: String, attempt: Int, state: String, scheduledTime: Date,
                 lastStartedTime: Date?, lastFailure: ActivityFailureInfo?, nextAttemptTime: Date?, lastHeartbeatTime: Date?) {
        self.activityID = activityID
        self.activityType = activityType
        self.attempt = attempt
        self.state = state
        self.scheduledTime = scheduledTime
        self.lastStartedTime = lastStartedTime
        self.lastFailure = lastFailure
        self.nextAttemptTime = nextAttemptTime
        self.lastHeartbeatTime = lastHeartbeatTime
    }
}

/// Everything `describe` says about a workflow's latest run.
public struct WorkflowDescription: Codable, Sendable, Equatable {
    public var record: WorkflowRecord
    public var pendingActivities: [PendingActivity]
    /// Timers waiting to fire: (timer id, fire time).
    public var pendingTimers: [PendingTimer]
    public var result: Payload?
    public var failure: ActivityFailureInfo?

    /// Memberwise; `package` so that other backends of this package can build one.
    package init(record: WorkflowRecord, pendingActivities: [PendingActivity], pendingTimers: [PendingTimer],
                 result: Payload?, failure: ActivityFailureInfo?) {
        self.record = record
        self.pendingActivities = pendingActivities
        self.pendingTimers = pendingTimers
        self.result = result
        self.failure = failure
    }

    /// A timer waiting to fire.
    public struct PendingTimer: Codable, Sendable, Equatable {
        public var timerID: String
        public var fireTime: Date

        package init(timerID: String, fireTime: Date) {
            self.timerID = timerID
            self.fireTime = fireTime
        }
    }
}

/// Filters for `list`.
public struct WorkflowListFilter: Sendable, Equatable {
    public var status: WorkflowStatus?
    public var workflowType: String?
    public var startedAfter: Date?
    public var startedBefore: Date?
    /// Text found in the workflow ID or in the (unencrypted) input, e.g. a question; ASCII
    /// letters match in either case. Encrypted inputs are matched by workflow ID only.
    public var search: String?
    /// Exactly this workflow ID (its runs).
    public var workflowID: String?

    public init(status: WorkflowStatus? = nil, workflowType: String? = nil, startedAfter: Date? = nil,
                startedBefore: Date? = nil, search: String? = nil, workflowID: String? = nil) {
        self.status = status
        self.workflowType = workflowType
        self.startedAfter = startedAfter
        self.startedBefore = startedBefore
        self.search = search
        self.workflowID = workflowID
    }
}

/// One page of `list`, newest first.
public struct WorkflowPage: Sendable {
    public var records: [WorkflowRecord]
    /// Pass back to get the next page; nil on the last page.
    public var nextPageToken: String?

    /// Memberwise; `package` so that other backends of this package can build one.
    package init(records: [WorkflowRecord], nextPageToken: String?) {
        self.records = records
        self.nextPageToken = nextPageToken
    }
}
