import DurableEngine

/// Classifies a question, calls the chosen agent over A2A as a durable activity and returns
/// `[routed to <AGENT>] <answer>`. Each step is an activity, so a crash, a 429 or an agent
/// that is down costs a retry of that step only.
public struct RoutingWorkflow: WorkflowDefinition {
    public static let workflowType = "RoutingWorkflow"

    /// The signals that decide the approval gate.
    public static let approveSignal = "approve"
    public static let rejectSignal = "reject"
    /// The query that reads the drafted answer while the gate waits.
    public static let draftQuery = "draft"

    public init() {}

    public func run(_ context: WorkflowContext, input: RouteRequest) async throws -> RouteResult {
        let agents = try await context.executeActivity(
            RoutingActivityName.discoverAgents, input: DiscoverAgentsInput(), returning: [DiscoveredAgent].self,
            options: RoutingActivityOptions.quick.scaled(by: input.timeScale))
        guard !agents.isEmpty else {
            throw ApplicationError(type: "NoAgents", message: "no agents are defined under agents/", nonRetryable: true)
        }
        let prompt = try await context.executeActivity(
            RoutingActivityName.renderClassifierPrompt,
            input: ClassifierPromptInput(question: input.question, agents: agents), returning: String.self,
            options: RoutingActivityOptions.quick.scaled(by: input.timeScale))
        let verdict = try await context.executeActivity(
            RoutingActivityName.classify,
            input: ClassifyInput(question: input.question, prompt: prompt, agentIDs: agents.map(\.id)),
            returning: ClassifierVerdict.self, options: RoutingActivityOptions.model.scaled(by: input.timeScale))

        var chosenID = verdict.agentID ?? input.defaultAgentID
        if verdict.agentID == nil {
            context.recordMarker("classifier_fallback", details: ["label": verdict.label, "agent": chosenID])
        }
        guard let agent = agents.first(where: { $0.id == chosenID }) ?? agents.first else {
            throw ApplicationError(type: "NoAgents", message: "no agent to answer", nonRetryable: true)
        }
        chosenID = agent.id

        let reply = try await context.executeActivity(
            RoutingActivityName.callAgent,
            input: AgentCallInput(
                agentID: agent.id, url: agent.url, question: input.question,
                messageID: "\(context.workflowID)/\(context.runID)/call_agent"),
            returning: AgentReply.self, options: RoutingActivityOptions.agentCall.scaled(by: input.timeScale))

        var result = RouteResult(agentID: chosenID, answer: reply.text, usedFallback: verdict.agentID == nil)
        if input.requireApproval {
            try context.setQueryValue(Self.draftQuery, result.rendered)
            result.approval = try await awaitApproval(context, timeoutSeconds: input.approvalTimeoutSeconds)
        }
        return result
    }

    /// Waits durably for `approve` or `reject`; the wait holds no worker memory.
    private func awaitApproval(_ context: WorkflowContext, timeoutSeconds: Double) async throws -> ApprovalDecision {
        let signal = try await context.waitForAnySignal(
            [Self.approveSignal, Self.rejectSignal], as: ApprovalNote.self,
            timeout: .milliseconds(Int64(timeoutSeconds * 1000)))
        guard let signal else { return ApprovalDecision(outcome: .timedOut) }
        let outcome: ApprovalDecision.Outcome = signal.name == Self.approveSignal ? .approved : .rejected
        return ApprovalDecision(outcome: outcome, note: signal.payload?.note)
    }
}

/// The optional payload of the `approve` and `reject` signals.
public struct ApprovalNote: Codable, Sendable, Equatable {
    public var note: String?
    public init(note: String?) { self.note = note }
}
