import DurableEngine
import Foundation
import GRPCCore
import TemporalProtos

typealias TPollActivityTask = Temporal_Api_Workflowservice_V1_PollActivityTaskQueueResponse

// Running activity tasks: the registered body with heartbeats sent through
// RecordActivityTaskHeartbeat, stopped when the server asks or the attempt's time is up.
extension TemporalWorker {
    func runActivityTask(_ task: TPollActivityTask) async {
        let type = task.activityType.name
        metrics.attempt(type)
        guard let body = activities.body(for: type) else {
            await respondFailed(task, ActivityFailureInfo(type: "ActivityNotRegistered",
                                                         message: "activity \(type) is not registered on worker \(identity)",
                                                         nonRetryable: true))
            return
        }
        let input: Payload
        do {
            input = try payloads.first(task.input, what: "the input of activity \(type)")
        } catch {
            await respondFailed(task, ActivityFailureInfo(type: "UnsupportedPayload", message: "\(error)", nonRetryable: true))
            return
        }
        let attempt = ActivityAttemptState()
        let context = ActivityContext(
            workflowID: task.workflowExecution.workflowID, runID: task.workflowExecution.runID, activityID: task.activityID,
            activityType: type, attempt: Int(max(task.attempt, 1)),
            previousHeartbeatDetails: task.heartbeatDetails.payloads.isEmpty
                ? nil : try? payloads.first(task.heartbeatDetails, what: "heartbeat details"),
            heartbeatSink: { attempt.record($0) }, liveSink: { attempt.publish($0) })
        let heartbeatTimeout = task.hasHeartbeatTimeout ? TemporalPayloads.duration(task.heartbeatTimeout) : nil
        let interval = min(max((heartbeatTimeout ?? .seconds(20)) / 2, .milliseconds(100)), .seconds(10))
        let limit = task.hasStartToCloseTimeout ? TemporalPayloads.duration(task.startToCloseTimeout) : nil
        let started = ContinuousClock.now

        let outcome = await withTaskGroup(of: Result<Payload, any Error>?.self) { group -> Result<Payload, any Error> in
            group.addTask {
                do { return .success(try await body(input, context)) } catch { return .failure(error) }
            }
            group.addTask {
                // Ends (nil) when the attempt must stop; cancelled once the body is done. Once the
                // attempt publishes text, it beats every `liveInterval` to carry it.
                var sinceBeat = Duration.zero
                while !Task.isCancelled {
                    let step = attempt.isPublishing ? Self.liveInterval : min(interval - sinceBeat, Self.publishCheckInterval)
                    try? await Task.sleep(for: step)
                    sinceBeat += step
                    if Task.isCancelled { return nil }
                    if let limit, ContinuousClock.now - started > limit {
                        attempt.stop(.timedOut)
                        return nil
                    }
                    if !attempt.isPublishing && sinceBeat < interval { continue }
                    sinceBeat = .zero
                    guard let pending = attempt.takePending() else { continue }
                    if await self.heartbeat(task, pending.details, live: pending.live) {
                        attempt.stop(.cancelRequested)
                        return nil
                    }
                }
                return nil
            }
            var result: Result<Payload, any Error> = .failure(CancellationError())
            for await item in group {
                if let item { result = item }
                group.cancelAll()
            }
            return result
        }
        switch (outcome, attempt.stopReason) {
        case (.success(let result), _):
            var request = Temporal_Api_Workflowservice_V1_RespondActivityTaskCompletedRequest()
            request.taskToken = task.taskToken
            request.identity = identity
            request.namespace = connection.settings.namespace
            do {
                request.result = try payloads.payloads(result)
            } catch {
                await respondFailed(task, ActivityFailureInfo(type: "PayloadNotSealed", message: "the result could not be encrypted: \(error)"))
                return
            }
            await respond("RespondActivityTaskCompleted", task) { [request] service, options in
                _ = try await service.respondActivityTaskCompleted(request, options: options)
            }
        case (.failure, .cancelRequested):
            var request = Temporal_Api_Workflowservice_V1_RespondActivityTaskCanceledRequest()
            request.taskToken = task.taskToken
            request.identity = identity
            request.namespace = connection.settings.namespace
            await respond("RespondActivityTaskCanceled", task) { [request] service, options in
                _ = try await service.respondActivityTaskCanceled(request, options: options)
            }
        case (.failure, .timedOut):
            break   // the server times the attempt out and retries it by the policy
        case (.failure(let error), nil):
            if error is CancellationError, isStopping {
                await respondFailed(task, ActivityFailureInfo(type: "WorkerShutdown",
                                                             message: "worker \(identity) stopped during the attempt"))
            } else {
                await respondFailed(task, ActivityFailureInfo(error))
            }
        }
    }

    /// Sends one heartbeat; true when the server asks the attempt to stop. The details are the
    /// first payload (what `ActivityContext.heartbeat` recorded); published text, if any, is a
    /// second one, which `TemporalRunFollower` reads from the pending activity.
    private func heartbeat(_ task: TPollActivityTask, _ details: Payload?, live: String?) async -> Bool {
        var request = Temporal_Api_Workflowservice_V1_RecordActivityTaskHeartbeatRequest()
        request.taskToken = task.taskToken
        request.identity = identity
        request.namespace = connection.settings.namespace
        if details != nil || live != nil {
            do {
                request.details = try payloads.payloads(details ?? Payload(data: Array("null".utf8)))
                if let live { request.details.payloads.append(try payloads.payload(try Payload(encoding: live))) }
            } catch {
                logger.warning("heartbeat of activity \(task.activityType.name) goes without details, which could not be encrypted: \(error)")
                request.details = .init()
            }
        }
        do {
            let answer = try await connection.call("RecordActivityTaskHeartbeat") { service, options in
                try await service.recordActivityTaskHeartbeat(request, options: options)
            }
            return answer.cancelRequested
        } catch let error as TemporalError {
            // NotFound: the attempt already timed out or the workflow closed; stop working on it.
            if case .call(_, _, "notFound", _) = error { return true }
            logger.warning("heartbeat of activity \(task.activityType.name): \(error)")
            return false
        } catch {
            return false
        }
    }

    private func respondFailed(_ task: TPollActivityTask, _ failure: ActivityFailureInfo) async {
        metrics.failure(task.activityType.name)
        var request = Temporal_Api_Workflowservice_V1_RespondActivityTaskFailedRequest()
        request.taskToken = task.taskToken
        request.identity = identity
        request.namespace = connection.settings.namespace
        request.failure = payloads.failure(failure)
        await respond("RespondActivityTaskFailed", task) { [request] service, options in
            _ = try await service.respondActivityTaskFailed(request, options: options)
        }
    }

    private func respond(_ rpc: String, _ task: TPollActivityTask,
                         _ body: @escaping @Sendable (TemporalConnection.Service, CallOptions) async throws -> Void) async {
        do {
            // In a task of its own: a handed-back attempt (its task cancelled at shutdown) still answers.
            let connection = self.connection
            try await Task { try await connection.call(rpc) { service, options in try await body(service, options) } }.value
        } catch {
            logger.error("activity \(task.activityType.name) of \(task.workflowExecution.workflowID): \(error)")
        }
    }
}

extension TemporalWorker {
    /// How often an attempt that publishes text heartbeats: about how fresh a watcher's view of
    /// a streamed answer is (each beat is a write on the server).
    static let liveInterval: Duration = .milliseconds(100)

    /// While an attempt has published nothing, its heartbeat loop looks this often whether it
    /// started to (a streamed answer's first chunk then waits at most this long).
    static let publishCheckInterval: Duration = .milliseconds(250)
}
