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
