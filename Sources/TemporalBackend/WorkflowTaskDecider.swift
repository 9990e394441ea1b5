import DurableEngine
import TemporalProtos

typealias TPollWorkflowTask = Temporal_Api_Workflowservice_V1_PollWorkflowTaskQueueResponse

/// Decides one workflow task: replays the full history through the engine's workflow runtime
/// (history in, commands out) and says how to answer the server. Stateless: nothing is cached
/// between tasks (no sticky queue).
struct WorkflowTaskDecider: Sendable {
    let workflows: [String: AnyWorkflow]
    let taskQueue: String
    let identity: String
    let namespace: String
    /// Opens what the history holds and seals what the answer sends.
    let payloads: TemporalPayloads

    /// How to answer a task.
    enum Answer: Sendable {
        case completed(Temporal_Api_Workflowservice_V1_RespondWorkflowTaskCompletedRequest)
        case failed(Temporal_Api_Workflowservice_V1_RespondWorkflowTaskFailedRequest)
        case query(Temporal_Api_Workflowservice_V1_RespondQueryTaskCompletedRequest)
    }

    /// The answer to `task`, whose `history` holds every event (paged in already).
    func decide(_ task: TPollWorkflowTask) async -> Answer {
        let type = task.workflowType.name
        guard let workflow = workflows[type] else {
            return failed(task, cause: .workflowWorkerUnhandledFailure, type: "WorkflowTypeNotRegistered",
                          message: "workflow type \(type) is not registered on worker \(identity) "
                              + "(it runs \(workflows.keys.sorted().joined(separator: ", ")))")
        }
        let history: [HistoryEvent]
        do {
            history = try TemporalHistory.engineEvents(task.history.events, payloads: payloads)
        } catch {
            return failed(task, cause: .workflowWorkerUnhandledFailure, type: "UnreadableHistory", message: "\(error)")
        }
        let result = await WorkflowRuntime.runTask(workflow, workflowID: task.workflowExecution.workflowID,
                                                   runID: task.workflowExecution.runID, history: history)
        if case .failed(let failure) = result.outcome, failure.type == "NonDeterminismError" {
            return failed(task, cause: .nonDeterministicError, type: failure.type,
                          message: "\(type) \(task.workflowExecution.workflowID): \(failure.message)")
        }
        if task.hasQuery {
            var answer = Temporal_Api_Workflowservice_V1_RespondQueryTaskCompletedRequest()
            answer.taskToken = task.taskToken
            answer.namespace = namespace
            answer.completedType = .answered
            do {
                answer.queryResult = try queryAnswer(task.query.queryType, result)
            } catch {
                return failed(task, cause: .workflowWorkerUnhandledFailure, type: "PayloadNotSealed", message: "\(error)")
            }
            return .query(answer)
        }
        var answer = Temporal_Api_Workflowservice_V1_RespondWorkflowTaskCompletedRequest()
        answer.taskToken = task.taskToken
        answer.identity = identity
        answer.namespace = namespace
        do {
            answer.commands = try TemporalCommands.commands(for: result, workflowType: type, taskQueue: taskQueue, payloads: payloads)
            for (id, query) in task.queries {
                var queryResult = Temporal_Api_Query_V1_WorkflowQueryResult()
                queryResult.resultType = .answered
                queryResult.answer = try queryAnswer(query.queryType, result)
                answer.queryResults[id] = queryResult
            }
        } catch {
            return failed(task, cause: .workflowWorkerUnhandledFailure, type: "PayloadNotSealed", message: "\(error)")
        }
        return .completed(answer)
    }

    /// The value the workflow published under `name` (`setQueryValue`), or null.
    private func queryAnswer(_ name: String, _ result: WorkflowTaskResult) throws -> TPayloads {
        try payloads.payloads(result.queryValues[name] ?? Payload(data: Array("null".utf8)))
    }

    private func failed(_ task: TPollWorkflowTask, cause: Temporal_Api_Enums_V1_WorkflowTaskFailedCause, type: String,
                        message: String) -> Answer {
        if task.hasQuery {
            var answer = Temporal_Api_Workflowservice_V1_RespondQueryTaskCompletedRequest()
            answer.taskToken = task.taskToken
            answer.namespace = namespace
            answer.completedType = .failed
            answer.errorMessage = message
            answer.failure = payloads.failure(ActivityFailureInfo(type: type, message: message, nonRetryable: true))
            return .query(answer)
        }
        var answer = Temporal_Api_Workflowservice_V1_RespondWorkflowTaskFailedRequest()
        answer.taskToken = task.taskToken
        answer.identity = identity
        answer.namespace = namespace
        answer.cause = cause
        answer.failure = payloads.failure(ActivityFailureInfo(type: type, message: message, nonRetryable: true))
        return .failed(answer)
    }
}
