import AgentServer
import DurableEngine
import Foundation
import RoutingWorkflow

/// The Router agent's executor: each question is a durable `RoutingWorkflow` run whose ID
/// derives from the A2A message's ID, so sending it again (a retry, a reconnect, the same
/// message to a restarted worker) joins that run, or reads its result, instead of routing the
/// question a second time. The answer streams from the run's live output as the chosen agent
/// produces it, begins `[routed to HR]` as `route` prints it, and ends with the run's result.
/// Cancelling the A2A task cancels the run.
public struct RouterExecutor: AgentExecutor {
    let client: WorkflowClient
    let defaultAgentID: String

    /// - Parameter defaultAgentID: the agent that answers when the classifier names none.
    public init(client: WorkflowClient, defaultAgentID: String = "faq") {
        self.client = client
        self.defaultAgentID = defaultAgentID
    }

    /// The workflow ID of the run that answers the A2A message `messageID`.
    public static func workflowID(forMessageID messageID: String) -> String { "a2a-" + messageID }

    public func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        let (client, defaultAgentID) = (self.client, self.defaultAgentID)
        let workflowID = Self.workflowID(forMessageID: context.message.messageId)
        return AsyncThrowingStream { continuation in
            let work = Task {
                do {
                    do {
                        _ = try await client.start(
                            RoutingWorkflow.self, input: RouteRequest(question: question, defaultAgentID: defaultAgentID),
                            id: workflowID, conflictPolicy: .useExisting, reusePolicy: .rejectDuplicate)
                    } catch is WorkflowAlreadyStarted {
                        // It ran to its end already (before a restart, say): its result is in the history.
                    }
                    let streamer = RouteAnswerStreamer(client: client, workflowID: workflowID) { continuation.yield($0) }
                    let following = Task { await streamer.run() }
                    let result: RouteResult
                    do {
                        result = try await client.result(workflowID: workflowID, as: RouteResult.self)
                    } catch {
                        following.cancel()
                        throw error
                    }
                    following.cancel()
                    await following.value
                    streamer.finish(result.rendered, terminator: "")
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { termination in
                work.cancel()
                if case .cancelled = termination {
                    try? client.cancel(workflowID: workflowID, reason: "its A2A task was canceled")
                }
            }
        }
    }
}
