import Foundation
import TemporalProtos

typealias TStickyAttributes = Temporal_Api_Taskqueue_V1_StickyExecutionAttributes

// Sticky execution. A completed workflow task names this worker's sticky queue; the server then
// sends the run's next workflow tasks (and queries) there, each with only the events after the
// last completed task, and this worker puts the whole history together again from its cache.
// A task whose run is not cached (dropped from the cache, or cached by a worker that is gone)
// fetches the events it lacks with GetWorkflowExecutionHistory rather than failing the task: a
// failed task would write a WorkflowTaskFailed event into the run's history and wait for the
// server's retry, for what is only a cache miss on our side.
extension TemporalWorker {
    /// What a completed workflow task sends to keep the run on this worker's sticky queue; nil
    /// when sticky execution is off or the worker is stopping (the server then clears the run's
    /// sticky queue and sends its next task to the normal queue).
    func stickyAttributes() -> TStickyAttributes? {
        guard let stickyTaskQueue, !isStopping else { return nil }
        var attributes = TStickyAttributes()
        attributes.workerTaskQueue = .sticky(stickyTaskQueue, normalName: connection.settings.taskQueue)
        attributes.scheduleToStartTimeout = TemporalPayloads.protoDuration(options.stickyScheduleToStartTimeout)
        return attributes
    }

    /// The task's history from event 1: the rest of a long history paged in, and a sticky task's
    /// new events after those of the run seen so far (cached, or else fetched).
    /// - Throws: `TemporalError` when a call fails or the server's history has a gap.
    func wholeHistory(of task: TPollWorkflowTask) async throws -> [THistoryEvent] {
        var events = task.history.events
        var token = task.nextPageToken
        while !token.isEmpty {   // page in the rest of a long history
            let page = try await historyPage(task.workflowExecution, token: token)
            events.append(contentsOf: page.history.events)
            token = page.nextPageToken
        }
        if events.first?.eventID == 1 { return events }
        // A sticky task: it starts after the run's last completed workflow task; a query with
        // nothing new since then brings no events at all.
        let before = events.first.map { $0.eventID - 1 }
        let runID = task.workflowExecution.runID
        if let cached = historyCache.events(of: runID), let known = cached.last?.eventID {
            if let before, known >= before, before >= 1, cached[Int(before) - 1].eventID == before {
                stickyHits.add(1, ordering: .relaxed)
                return Array(cached.prefix(Int(before))) + events
            }
            if before == nil {
                stickyHits.add(1, ordering: .relaxed)
                return cached
            }
        }
        stickyMisses.add(1, ordering: .relaxed)
        historyCache.remove(runID)
        return try await fetchHistory(task.workflowExecution, through: before) + events
    }

    /// Events 1...`through` of the run (all of them when nil), from the server.
    /// - Throws: `TemporalError` when a call fails or the server has fewer events than asked for.
    private func fetchHistory(_ execution: TWorkflowExecution, through last: Int64?) async throws -> [THistoryEvent] {
        var events: [THistoryEvent] = []
        var token = Data()
        repeat {
            let page = try await historyPage(execution, token: token)
            events.append(contentsOf: page.history.events)
            token = page.nextPageToken
            if let last, let reached = events.last?.eventID, reached >= last { break }
        } while !token.isEmpty
        guard let last else { return events }
        events.removeAll { $0.eventID > last }
        guard events.count == Int(last), events.last?.eventID == last else {
            throw TemporalError.protocolViolation(
                "a sticky task of \(execution.workflowID) continues after event \(last), but the server's history of run "
                    + "\(execution.runID) has \(events.count) events up to there")
        }
        return events
    }

    private func historyPage(_ execution: TWorkflowExecution, token: Data) async throws
        -> Temporal_Api_Workflowservice_V1_GetWorkflowExecutionHistoryResponse
    {
        var request = Temporal_Api_Workflowservice_V1_GetWorkflowExecutionHistoryRequest()
        request.namespace = connection.settings.namespace
        request.execution = execution
        request.nextPageToken = token
        let page = try await connection.call("GetWorkflowExecutionHistory") { service, options in
            try await service.getWorkflowExecutionHistory(request, options: options)
        }
        pagesFetched.add(1, ordering: .relaxed)
        return page
    }

    /// After the last task of a stopping worker: asks the server to send the cached runs' next
    /// tasks to the normal queue at once, where other workers poll, instead of to this worker's
    /// sticky queue until `stickyScheduleToStartTimeout` runs out. Best effort (8 calls at a
    /// time, none started after 5 s): a run left out waits for that timeout.
    func resetStickyRuns() async {
        let runs = historyCache.executions
        guard stickyTaskQueue != nil, !runs.isEmpty else { return }
        let deadline = ContinuousClock.now + .seconds(5)
        let namespace = connection.settings.namespace
        let reset = await withTaskGroup(of: Bool.self) { group in
            var next = 0, done = 0
            func add() {
                guard next < runs.count, ContinuousClock.now < deadline else { return }
                var request = Temporal_Api_Workflowservice_V1_ResetStickyTaskQueueRequest()
                request.namespace = namespace
                request.execution = runs[next]
                next += 1
                group.addTask {
                    (try? await self.connection.call("ResetStickyTaskQueue", timeout: .seconds(5)) { service, options in
                        try await service.resetStickyTaskQueue(request, options: options)
                    }) != nil
                }
            }
            for _ in 0..<8 { add() }
            while let ok = await group.next() {
                if ok { done += 1 }
                add()
            }
            return done
        }
        for run in runs { historyCache.remove(run.runID) }
        logger.info("worker \(identity): sent \(reset) of \(runs.count) cached runs back to task queue \(connection.settings.taskQueue)")
    }
}
