import A2AProtocol
import AgentServer
import DurableEngine
import Foundation
import RoutingWorkflow

/// The Router's A2A tasks read from the durable history: the task ID is the workflow ID
/// (`a2a-<messageId>`), and a task the agent server does not hold (after a worker restart, or
/// started through another worker's Router) is rebuilt from its run: the question as the user
/// message, the state from the run's status, the answer as the artifact, a failure as the
/// status message, and the context the task was given when it started (the task ID for runs
/// started before that was recorded).
///
/// ListTasks lists every such run, so tasks outlive the process that started them; a task that
/// runs in another process (or ran here before a restart) is followed live from the history
/// and the run's live output, as `route` follows it.
public struct RouterTaskSource: ExternalTaskSource {
    let client: WorkflowClient
    static let idPrefix = "a2a-"

    public init(client: WorkflowClient) {
        self.client = client
    }

    public func newTaskID(for message: Message) -> String? {
        RouterExecutor.workflowID(forMessageID: message.messageId)
    }

    public func taskID(forMessageID messageID: String) -> String? {
        let id = RouterExecutor.workflowID(forMessageID: messageID)
        return (try? client.describe(workflowID: id)) == nil ? nil : id
    }

    public func cancel(id: String) {
        try? client.cancel(workflowID: id, reason: "its A2A task was canceled")
    }

    public func task(id: String) -> A2ATask? {
        guard id.hasPrefix(Self.idPrefix), let description = try? client.describe(workflowID: id),
              description.record.workflowType == RoutingWorkflow.workflowType,
              let started = try? client.history(workflowID: id, runID: description.record.runID).first,
              let request = try? started.attributes.input?.decode(RouteRequest.self)
        else { return nil }
        let contextId = request.a2aContextID ?? id
        let question = Message(messageId: String(id.dropFirst(Self.idPrefix.count)), role: .user,
                               parts: [.text(request.question)], contextId: contextId, taskId: id)
        var task = A2ATask(id: id, contextId: contextId, status: TaskStatus(state: .working), history: [question])
        let time = A2AJSON.timestamp(description.record.closeTime ?? description.record.startTime)
        func agentMessage(_ text: String) -> Message { TaskManager.agentMessage(text, for: task) }
        switch state(of: description.record, request: request) {
        case .completed:
            let answer = (try? description.result?.decode(RouteResult.self))?.rendered ?? ""
            task.artifacts = [Artifact(artifactId: "\(id)-answer", name: "answer", parts: [.text(answer)])]
            task.status = TaskStatus(state: .completed, timestamp: time)
        case .failed:
            task.status = TaskStatus(state: .failed, message: agentMessage(description.failure?.message ?? "the run failed"),
                                     timestamp: time)
        case .inputRequired:
            let draft = (try? client.query(workflowID: id, name: RoutingWorkflow.draftQuery, as: String.self)) ?? nil
            task.status = TaskStatus(state: .inputRequired,
                                     message: agentMessage((draft ?? "") + "\n" + RouterExecutor.approvalPrompt), timestamp: time)
        case let other:
            task.status = TaskStatus(state: other, timestamp: time)
        }
        return task
    }

    /// The Router's runs in the history (those started through A2A), newest first.
    public func summaries() -> [ExternalTaskSummary] {
        guard let runs = try? client.runsWithInput(workflowType: RoutingWorkflow.workflowType, idPrefix: Self.idPrefix)
        else { return [] }
        var seen: Set<String> = []
        return runs.compactMap { run -> ExternalTaskSummary? in
            // The newest run of an ID is its task (IDs are not reused, but a run may continue as new).
            guard seen.insert(run.record.workflowID).inserted,
                  let request = try? run.input.decode(RouteRequest.self) else { return nil }
            let record = run.record
            return ExternalTaskSummary(
                id: record.workflowID, contextId: request.a2aContextID ?? record.workflowID,
                state: state(of: record, request: request),
                statusTimestamp: A2AJSON.timestamp(record.closeTime ?? record.startTime),
                createdMicros: Int64((record.startTime.timeIntervalSince1970 * 1_000_000).rounded()))
        }
    }

    /// Follows a running task's run: its steps, its answer as it streams, and its end; or, when
    /// it waits for its draft, up to INPUT_REQUIRED. Nil when the run is closed or already waits
    /// for approval (a follow-up message continues it).
    public func follow(id: String) -> AsyncThrowingStream<AgentTaskEvent, any Error>? {
        guard id.hasPrefix(Self.idPrefix), let description = try? client.describe(workflowID: id),
              description.record.workflowType == RoutingWorkflow.workflowType,
              let started = try? client.history(workflowID: id, runID: description.record.runID).first,
              let request = try? started.attributes.input?.decode(RouteRequest.self),
              state(of: description.record, request: request) == .working
        else { return nil }
        let client = self.client
        return AsyncThrowingStream { continuation in
            let work = Task {
                do {
                    try await RouterExecutor.attach(
                        workflowID: id, awaitingDraft: request.requireApproval, streaming: !request.requireApproval,
                        watchers: TaskWatchers(watched: true), client: client, continuation: continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in work.cancel() }
        }
    }

    /// The A2A state of a run: running is WORKING, or INPUT_REQUIRED once its approval gate
    /// has a draft; failed and terminated are FAILED.
    private func state(of record: WorkflowRecord, request: RouteRequest) -> TaskState {
        switch record.status {
        case .completed: return .completed
        case .failed, .terminated: return .failed
        case .canceled: return .canceled
        case .running, .continuedAsNew:
            guard request.requireApproval,
                  (try? client.query(workflowID: record.workflowID, name: RoutingWorkflow.draftQuery, as: String.self)) != nil
            else { return .working }
            return .inputRequired
        }
    }
}
