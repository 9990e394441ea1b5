import Foundation

// Running one activity attempt: timeouts, heartbeats, and the retry decision.
extension Worker {
    func execute(_ activity: ClaimedActivity) async {
        let options = activity.options
        let now = Date()
        var attemptLimit = options.attemptTimeout.seconds
        if let scheduleToClose = options.scheduleToCloseTimeout {
            let remaining = activity.scheduledTime.addingTimeInterval(scheduleToClose.seconds).timeIntervalSince(now)
            if remaining <= 0 {
                resolve(activity, .failed(ActivityFailureInfo(ActivityTimeout(kind: "schedule-to-close", limit: scheduleToClose)),
                                          timedOut: true))
                return
            }
            attemptLimit = min(attemptLimit, remaining)
        }
        guard let body = activities.body(for: activity.activityType) else {
            resolve(activity, .failed(ActivityFailureInfo(type: "ActivityNotRegistered",
                                                          message: "no activity \(activity.activityType) on \(self.options.identity)",
                                                          nonRetryable: true), timedOut: false))
            return
        }
        let heartbeats = HeartbeatRecorder(store: store, activity: activity, owner: self.options.identity,
                                           lease: self.options.leaseDuration.seconds)
        let context = ActivityContext(
            workflowID: activity.workflowID, runID: activity.runID, activityID: activity.activityID,
            activityType: activity.activityType, attempt: activity.attempt, previousHeartbeatDetails: activity.heartbeatDetails,
            heartbeatSink: { heartbeats.record($0) })
        let outcome = await AttemptRunner.run(body: { try await body(activity.input, context) }, limit: attemptLimit,
                                              heartbeatTimeout: options.heartbeatTimeout?.seconds, context: context)
        heartbeats.flush()
        switch outcome {
        case .success(let result):
            do {
                try store.checkSize(result, "the result of activity \(activity.activityType)")
                resolve(activity, .completed(result))
            } catch {
                resolve(activity, .failed(ActivityFailureInfo(error), timedOut: false))
            }
        case .failure(let error):
            let failure = ActivityFailureInfo(error)
            let timedOut = error is ActivityTimeout
            if let delay = options.retryPolicy.delay(afterAttempt: activity.attempt, failure: failure) {
                let next = Date().addingTimeInterval(delay.seconds)
                if let scheduleToClose = options.scheduleToCloseTimeout,
                   next > activity.scheduledTime.addingTimeInterval(scheduleToClose.seconds) {
                    resolve(activity, .failed(failure, timedOut: true))
                } else {
                    logger.info("activity \(activity.activityType) of \(activity.workflowID) attempt \(activity.attempt) failed: \(failure); next try in \(delay.seconds) s")
                    resolve(activity, .retry(failure, at: next))
                }
            } else {
                resolve(activity, .failed(failure, timedOut: timedOut))
            }
        }
    }

    private func resolve(_ activity: ClaimedActivity, _ resolution: WorkflowStore.ActivityResolution) {
        do {
            if !(try store.resolveActivity(activity, owner: options.identity, identity: options.identity, resolution)) {
                logger.warning("activity \(activity.activityType) of \(activity.workflowID): lease lost, result dropped")
            }
        } catch {
            logger.error("activity \(activity.activityType) of \(activity.workflowID): could not record the outcome: \(error)")
        }
    }
}

/// Runs an attempt's body against its time limit and heartbeat timeout. The body runs in its
/// own task; when a limit is hit it is cancelled and not waited for.
enum AttemptRunner {
    static func run(body: @escaping @Sendable () async throws -> Payload, limit: Double, heartbeatTimeout: Double?,
                    context: ActivityContext) async -> Result<Payload, any Error> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<Payload, any Error>, Never>) in
            let once = OnceGate()
            let work = Task {
                let result: Result<Payload, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                if once.claim() { continuation.resume(returning: result) }
            }
            Task {
                let start = Date()
                while !work.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    if once.isClaimed { return }
                    let elapsed = Date().timeIntervalSince(start)
                    var timeout: ActivityTimeout?
                    if elapsed > limit {
                        timeout = ActivityTimeout(kind: "start-to-close", limit: .seconds(limit))
                    } else if let heartbeatTimeout, context.secondsSinceHeartbeat > heartbeatTimeout {
                        timeout = ActivityTimeout(kind: "heartbeat", limit: .seconds(heartbeatTimeout))
                    }
                    if let timeout, once.claim() {
                        work.cancel()
                        continuation.resume(returning: .failure(timeout))
                        return
                    }
                }
            }
        }
    }
}

/// Lets exactly one caller through; tells the others it is taken.
final class OnceGate: @unchecked Sendable {
    // @unchecked Sendable: `claimed` is guarded by `lock`.
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool { lock.withLock { if claimed { return false }; claimed = true; return true } }
    var isClaimed: Bool { lock.withLock { claimed } }
}

/// Persists heartbeat details at most once a second, and extends the lease with each write.
final class HeartbeatRecorder: @unchecked Sendable {
    // @unchecked Sendable: `pending` and `lastWrite` are guarded by `lock`.
    private let store: WorkflowStore
    private let activity: ClaimedActivity
    private let owner: String
    private let lease: Double
    private let lock = NSLock()
    private var pending: Payload??
    private var lastWrite = Date.distantPast

    init(store: WorkflowStore, activity: ClaimedActivity, owner: String, lease: Double) {
        self.store = store
        self.activity = activity
        self.owner = owner
        self.lease = lease
    }

    func record(_ details: Payload?) {
        let write = lock.withLock { () -> Bool in
            pending = .some(details)
            return Date().timeIntervalSince(lastWrite) >= 1
        }
        if write { flush() }
    }

    func flush() {
        let details = lock.withLock { () -> Payload?? in
            defer { pending = nil; lastWrite = Date() }
            return pending
        }
        guard let details else { return }
        try? store.recordHeartbeat(activity, owner: owner, details: details, lease: lease)
    }
}
