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
public struct RouterTaskSource: ExternalTaskSource {
    let client: WorkflowClient

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
        guard id.hasPrefix("a2a-"), let description = try? client.describe(workflowID: id),
              description.record.workflowType == RoutingWorkflow.workflowType,
              let started = try? client.history(workflowID: id, runID: description.record.runID).first,
              let request = try? started.attributes.input?.decode(RouteRequest.self)
        else { return nil }
        let contextId = request.a2aContextID ?? id
        let question = Message(messageId: String(id.dropFirst(4)), role: .user, parts: [.text(request.question)],
                               contextId: contextId, taskId: id)
        var task = A2ATask(id: id, contextId: contextId, status: TaskStatus(state: .working), history: [question])
        let time = A2AJSON.timestamp(description.record.closeTime ?? description.record.startTime)
        func agentMessage(_ text: String) -> Message { TaskManager.agentMessage(text, for: task) }
        switch description.record.status {
        case .completed:
            let answer = (try? description.result?.decode(RouteResult.self))?.rendered ?? ""
            task.artifacts = [Artifact(artifactId: "\(id)-answer", name: "answer", parts: [.text(answer)])]
            task.status = TaskStatus(state: .completed, timestamp: time)
        case .failed, .terminated:
            task.status = TaskStatus(state: .failed, message: agentMessage(description.failure?.message ?? "the run failed"),
                                     timestamp: time)
        case .canceled:
            task.status = TaskStatus(state: .canceled, timestamp: time)
        case .running, .continuedAsNew:
            if request.requireApproval,
               let draft = try? client.query(workflowID: id, name: RoutingWorkflow.draftQuery, as: String.self) {
                task.status = TaskStatus(state: .inputRequired,
                                         message: agentMessage(draft + "\n" + RouterExecutor.approvalPrompt), timestamp: time)
            } else {
                task.status = TaskStatus(state: .working, timestamp: time)
            }
        }
        return task
    }
}
