import TemporalProtos

typealias TRespondWorkflowTaskCompleted = Temporal_Api_Workflowservice_V1_RespondWorkflowTaskCompletedRequest

// Eager activity execution: a completed workflow task asks the server to hand the activities it
// schedules straight back in the answer, to this worker, instead of through an activity poll.
// Only for activity types registered here, and only as many as there are free activity slots,
// which are taken before the call and given back for every activity the server did not hand over.
extension TemporalWorker {
    /// Sends a completed workflow task, with eager execution requested where it can be, and
    /// starts the activity tasks the server answers with.
    /// - Throws: `TemporalError` when the call fails (the reserved slots are given back).
    func respondCompleted(_ answer: TRespondWorkflowTaskCompleted) async throws {
        var answer = answer
        let reserved = requestEagerActivities(&answer)
        let response: Temporal_Api_Workflowservice_V1_RespondWorkflowTaskCompletedResponse
        do {
            response = try await connection.call("RespondWorkflowTaskCompleted") { [answer] service, options in
                try await service.respondWorkflowTaskCompleted(answer, options: options)
            }
        } catch {
            for _ in 0..<reserved { activitySlots.release() }
            throw error
        }
        let handed = response.activityTasks.filter { !$0.taskToken.isEmpty }
        eagerActivities.add(handed.count, ordering: .relaxed)
        for (index, task) in handed.enumerated() {
            // The server never hands over more than was asked for; if it did, the extra waits for a slot.
            let holdsSlot = index < reserved
            track {
                if !holdsSlot { await self.activitySlots.acquire() }
                await self.runActivityTask(task)
                self.activitySlots.release()
            }
        }
        for _ in 0..<(reserved - min(handed.count, reserved)) { activitySlots.release() }
    }

    /// Marks the ScheduleActivityTask commands this worker can run at once for eager execution,
    /// taking one activity slot for each; returns how many it took.
    private func requestEagerActivities(_ answer: inout TRespondWorkflowTaskCompleted) -> Int {
        guard options.eagerActivities, !isStopping else { return 0 }
        var reserved = 0
        for index in answer.commands.indices where answer.commands[index].commandType == .scheduleActivityTask {
            let type = answer.commands[index].scheduleActivityTaskCommandAttributes.activityType.name
            guard activities.body(for: type) != nil, activitySlots.tryAcquire() else { continue }
            answer.commands[index].scheduleActivityTaskCommandAttributes.requestEagerExecution = true
            reserved += 1
        }
        return reserved
    }
}
