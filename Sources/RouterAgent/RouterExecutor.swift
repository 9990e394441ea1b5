import A2AProtocol
import AgentServer
import DurableEngine
import Foundation
import JSONBytes
import RoutingWorkflow

/// The Router agent's executor: each question is a durable `RoutingWorkflow` run whose ID
/// derives from the A2A message's ID, so sending it again (a retry, a reconnect, the same
/// message to a restarted worker) joins that run, or reads its result, instead of routing the
/// question a second time.
///
/// - The run's steps arrive as WORKING status updates, the lines `route` prints.
/// - The answer streams from the run's live output as the chosen agent produces it. It begins
///   `[routed to HR]`, as `route` prints it, and ends with the run's result.
/// - With `{"requireApproval": true}` in the message's metadata, the task stops at
///   INPUT_REQUIRED with the draft. A follow-up message in the task that says "approve" or
///   "reject" (a note may follow) becomes the workflow's signal.
/// - Cancelling the A2A task cancels the run (`RouterTaskSource.cancel`).
public struct RouterExecutor: AgentTaskExecutor {
    let client: WorkflowClient
    let defaultAgentID: String

    /// - Parameter defaultAgentID: the agent that answers when the classifier names none.
    public init(client: WorkflowClient, defaultAgentID: String = "faq") {
        self.client = client
        self.defaultAgentID = defaultAgentID
    }

    /// The workflow ID of the run that answers the A2A message `messageID`.
    public static func workflowID(forMessageID messageID: String) -> String { "a2a-" + messageID }

    /// How a task's follow-up message is read while its run waits for approval.
    static let approvalPrompt = "Reply \"approve\" or \"reject\", optionally followed by a note."

    public func run(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<AgentTaskEvent, any Error> {
        // A follow-up in the task belongs to the run of the task's first message.
        let first = context.history.first { $0.role == .user } ?? context.message
        let workflowID = Self.workflowID(forMessageID: first.messageId)
        let isFollowUp = first.messageId != context.message.messageId
        let requireApproval = first.metadata?["requireApproval"] == .bool(true)
        let (client, defaultAgentID, contextID) = (self.client, self.defaultAgentID, context.contextId)
        return AsyncThrowingStream { continuation in
            let work = Task {
                do {
                    if isFollowUp {
                        guard try Self.signalDecision(question, workflowID: workflowID, client: client) else {
                            continuation.yield(.finish(.inputRequired, message: Self.approvalPrompt))
                            continuation.finish()
                            return
                        }
                    } else {
                        try await Self.start(question, workflowID: workflowID, requireApproval: requireApproval,
                                             defaultAgentID: defaultAgentID, contextID: contextID, client: client)
                    }
                    try await Self.attach(workflowID: workflowID, awaitingDraft: requireApproval && !isFollowUp,
                                          streaming: !requireApproval, watchers: context.watchers, client: client,
                                          continuation: continuation)
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            // A CancelTask reaches the run through `RouterTaskSource.cancel`; a stream the server
            // stops reading (it does at INPUT_REQUIRED) only ends this work.
            continuation.onTermination = { _ in work.cancel() }
        }
    }

    /// Reports run `workflowID` to `continuation` until it closes: its steps as WORKING
    /// updates and its answer, as it streams when `streaming`, and the result's rest at the end.
    /// The steps and the streamed answer begin once somebody follows the task (`watchers`), from
    /// the run's start: a blocking send that nobody subscribes to reads only the result.
    /// With `awaitingDraft`, the report ends at INPUT_REQUIRED with the draft when the run
    /// reaches its approval gate first. Does not finish the stream.
    static func attach(workflowID: String, awaitingDraft: Bool, streaming: Bool, watchers: TaskWatchers,
                       client: WorkflowClient,
                       continuation: AsyncThrowingStream<AgentTaskEvent, any Error>.Continuation) async throws {
        let progress = Task {
            await watchers.waitUntilWatched()
            guard !Task.isCancelled else { return }
            await RouteProgressReporter(client: client, workflowID: workflowID, interval: .milliseconds(20)).run {
                continuation.yield(.finish(.working, message: $0.trimmingCharacters(in: .whitespaces)))
            }
        }
        do {
            if awaitingDraft, let draft = try await Self.draft(workflowID: workflowID, client: client) {
                progress.cancel()
                continuation.yield(.finish(.inputRequired, message: draft + "\n" + Self.approvalPrompt))
                return
            }
            try await Self.follow(workflowID: workflowID, streaming: streaming, watchers: watchers, client: client) {
                continuation.yield(.text($0))
            }
        } catch {
            progress.cancel()
            throw error
        }
        if watchers.isWatched {
            await progress.end(within: .seconds(1))   // the run closed: the reporter writes its last lines
        } else {
            progress.cancel()   // nobody followed: no lines to write
        }
    }

    /// Starts the run, or finds it: running (joined) or closed (read back from the history).
    private static func start(_ question: String, workflowID: String, requireApproval: Bool, defaultAgentID: String,
                              contextID: String, client: WorkflowClient) async throws {
        do {
            _ = try await client.start(
                RoutingWorkflow.self,
                input: RouteRequest(question: question, defaultAgentID: defaultAgentID, requireApproval: requireApproval,
                                    a2aContextID: contextID.isEmpty ? nil : contextID),
                id: workflowID, conflictPolicy: .useExisting, reusePolicy: .rejectDuplicate)
        } catch is WorkflowAlreadyStarted {
            // It ran to its end already (before a restart, say): its result is in the history.
        }
    }

    /// Sends `approve` or `reject` with the rest of `text` as the note; false when the text is
    /// neither.
    private static func signalDecision(_ text: String, workflowID: String, client: WorkflowClient) throws -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let word = trimmed.prefix { !$0.isWhitespace && !$0.isPunctuation }.lowercased()
        guard word == RoutingWorkflow.approveSignal || word == RoutingWorkflow.rejectSignal else { return false }
        let note = trimmed.dropFirst(word.count).trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        try client.signal(workflowID: workflowID, name: word, payload: ApprovalNote(note: note.isEmpty ? nil : note))
        return true
    }

    /// The rendered draft once the run waits for approval; nil when the run closed first.
    private static func draft(workflowID: String, client: WorkflowClient) async throws -> String? {
        let watch = client.watch(workflowID: workflowID)
        while true {
            try Task.checkCancellation()
            let stamp = watch.stamp
            if let draft = try client.query(workflowID: workflowID, name: RoutingWorkflow.draftQuery, as: String.self) {
                return draft
            }
            if try client.describe(workflowID: workflowID).record.status.isClosed { return nil }
            await watch.wait(after: stamp, poll: .milliseconds(20))
        }
    }

    /// Writes the answer to `yield`: as it streams when `streaming` once somebody follows the
    /// task, and the result's rest at the end.
    private static func follow(workflowID: String, streaming: Bool, watchers: TaskWatchers, client: WorkflowClient,
                               yield: @escaping @Sendable (String) -> Void) async throws {
        let streamer = RouteAnswerStreamer(client: client, workflowID: workflowID, write: yield)
        let following = streaming ? Task {
            await watchers.waitUntilWatched()
            guard !Task.isCancelled else { return }
            await streamer.run()
        } : nil
        let result: RouteResult
        do {
            result = try await client.result(workflowID: workflowID, as: RouteResult.self)
        } catch {
            following?.cancel()
            throw error
        }
        following?.cancel()
        await following?.value
        streamer.finish(result.rendered, terminator: "")
    }
}
