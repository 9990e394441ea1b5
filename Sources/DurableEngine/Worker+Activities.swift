import Foundation

// Running activity attempts: timeouts, heartbeats, the retry decision, and the workflow task
// that a finished activity unblocks, run at once on the history this worker already holds.
extension Worker {
    /// Runs claimed activities (counted as started), each followed by the activities its
    /// completion scheduled and claimed for this worker; all but one run in tasks of their own.
    func runActivities(_ claimed: [ClaimedActivity]) async {
        var batch = claimed
        while let activity = batch.popLast() {
            for extra in batch { spawn { await self.runActivities([extra]) } }
            batch = await execute(activity)
            if state.finishedActivityFreesWaitingWork() { store.wakeup.signal() }
        }
    }

    /// Runs one attempt and records its outcome; returns the activities claimed by the workflow
    /// task that the outcome unblocked (already counted as started).
    private func execute(_ activity: ClaimedActivity) async -> [ClaimedActivity] {
        let options = activity.options
        let now = Date()
        metrics.recordAttemptStart(type: activity.activityType, delay: now.timeIntervalSince(activity.dueTime))
        var attemptLimit = options.attemptTimeout.seconds
        if let scheduleToClose = options.scheduleToCloseTimeout {
            let remaining = activity.scheduledTime.addingTimeInterval(scheduleToClose.seconds).timeIntervalSince(now)
            if remaining <= 0 {
                metrics.activity(activity.activityType).timeouts.increment()
                return await resolve(activity, .failed(ActivityFailureInfo(ActivityTimeout(kind: "schedule-to-close", limit: scheduleToClose)),
                                                       timedOut: true))
            }
            attemptLimit = min(attemptLimit, remaining)
        }
        guard let body = activities.body(for: activity.activityType) else {
            return await resolve(activity, .failed(ActivityFailureInfo(type: "ActivityNotRegistered",
                                                                       message: "no activity \(activity.activityType) on \(self.options.identity)",
                                                                       nonRetryable: true), timedOut: false))
        }
        let heartbeats = HeartbeatRecorder(store: store, activity: activity, owner: self.options.identity,
                                           lease: self.options.leaseDuration.seconds)
        let context = ActivityContext(
            workflowID: activity.workflowID, runID: activity.runID, activityID: activity.activityID,
            activityType: activity.activityType, attempt: activity.attempt, previousHeartbeatDetails: activity.heartbeatDetails,
            heartbeatSink: { heartbeats.record($0) },
            liveSink: { [store] text in
                store.live?.append(runID: activity.runID, activityID: activity.activityID, attempt: activity.attempt, text: text)
                store.runChanges.signal(activity.workflowID, committed: false)
            })
        // The attempt runs right here; the watchdog settles it if it overruns a limit.
        let finished = OnceGate()
        let watch = watchdog.watch(AttemptWatchdog.Entry(
            deadline: now.addingTimeInterval(attemptLimit), limit: attemptLimit,
            heartbeatTimeout: options.heartbeatTimeout?.seconds, context: context, task: AttemptTask.current,
            onTimeout: { [self] timeout in
                guard finished.claim() else { return false }
                heartbeats.flush()
                spawn { await self.runActivities(await self.settle(activity, .failure(timeout))) }
                return true
            }))
        let outcome: Result<Payload, any Error>
        store.attemptsHere.begin(activity.workflowID)
        do { outcome = .success(try await body(activity.input, context)) } catch { outcome = .failure(error) }
        store.attemptsHere.end(activity.workflowID)
        watchdog.unwatch(watch)
        guard finished.claim() else { return [] }   // timed out: the watchdog recorded it
        heartbeats.flush()
        return await settle(activity, outcome)
    }

    /// Records how an attempt ended: its result, a retry at the policy's next time, or a failure.
    private func settle(_ activity: ClaimedActivity, _ outcome: Result<Payload, any Error>) async -> [ClaimedActivity] {
        let options = activity.options
        switch outcome {
        case .success(let result):
            do {
                try store.checkSize(result, "the result of activity \(activity.activityType)")
                return await resolve(activity, .completed(result))
            } catch {
                return await resolve(activity, .failed(ActivityFailureInfo(error), timedOut: false))
            }
        case .failure(let error):
            let failure = ActivityFailureInfo(error)
            let timedOut = error is ActivityTimeout
            if timedOut { metrics.activity(activity.activityType).timeouts.increment() }
            guard let delay = options.retryPolicy.delay(afterAttempt: activity.attempt, failure: failure) else {
                return await resolve(activity, .failed(failure, timedOut: timedOut))
            }
            let next = Date().addingTimeInterval(delay.seconds)
            if let scheduleToClose = options.scheduleToCloseTimeout,
               next > activity.scheduledTime.addingTimeInterval(scheduleToClose.seconds) {
                return await resolve(activity, .failed(failure, timedOut: true))
            }
            logger.info("activity \(activity.activityType) of \(activity.workflowID) attempt \(activity.attempt) failed: \(failure); next try in \(delay.seconds) s")
            return await resolve(activity, .retry(failure, at: next))
        }
    }

    /// Records an outcome. When this worker holds the run's history, it runs the workflow task
    /// the outcome unblocks right away and records both in one transaction.
    private func resolve(_ activity: ClaimedActivity, _ resolution: WorkflowStore.ActivityResolution) async
        -> [ClaimedActivity]
    {
        let now = Date()
        let identity = options.identity
        metrics.recordAttemptEnd(type: activity.activityType, resolution)
        var continuation: WorkflowStore.TaskContinuation?
        var prefix: [HistoryEvent]?
        var tentative: [HistoryEvent] = []
        if let workflow = workflows[activity.workflowType],
           let events = WorkflowStore.closeEvents(of: activity, identity: identity, resolution),
           let cached = histories.take(activity.runID) {
            prefix = cached
            let first = (cached.last?.eventID ?? 0) + 1
            let time = WorkflowStore.storedTime(now)
            tentative = cached + events.enumerated().map { offset, event in
                HistoryEvent(eventID: first + offset, eventTime: time, eventType: event.0, attributes: event.1)
            }
            let result = await WorkflowRuntime.runTask(workflow, workflowID: activity.workflowID, runID: activity.runID,
                                                       history: tentative)
            // A task whose commands cannot be written (a refused payload) is left to a worker.
            if let task = try? store.prepare(result) {
                continuation = WorkflowStore.TaskContinuation(firstEventID: first, task: task)
            }
        }
        do {
            switch try await store.resolveActivity(activity, owner: identity, resolution, now: now,
                                                   continuation: continuation, eager: eagerDispatch()) {
            case .lost:
                logger.warning("activity \(activity.activityType) of \(activity.workflowID): lease lost, result dropped")
            case .recorded:
                if let prefix { histories.keep(prefix, for: activity.runID) }
                store.wakeup.signal()
            case .continued(let commit):
                guard let outcome = continuation?.task.result.outcome else { return [] }
                return adopt(commit, workflowType: activity.workflowType, runID: activity.runID, history: tentative,
                             outcome: outcome)
            }
        } catch {
            logger.error("activity \(activity.activityType) of \(activity.workflowID): could not record the outcome: \(error)")
        }
        return []
    }
}
