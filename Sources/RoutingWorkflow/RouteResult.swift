/// The output of `RoutingWorkflow`: who answered and what they said.
public struct RouteResult: Codable, Sendable, Equatable {
    /// The id of the agent that answered, e.g. `hr`.
    public var agentID: String
    /// The agent's answer, as streamed back and joined.
    public var answer: String
    /// True when the classifier's label named no known agent and the default agent answered.
    public var usedFallback: Bool
    /// The human decision, when the workflow ran with an approval gate.
    public var approval: ApprovalDecision?

    public init(agentID: String, answer: String, usedFallback: Bool = false, approval: ApprovalDecision? = nil) {
        self.agentID = agentID
        self.answer = answer
        self.usedFallback = usedFallback
        self.approval = approval
    }

    /// The line `switchboard route` prints: `[routed to HR] <answer>`, plus the approval outcome.
    public var rendered: String {
        var text = "[routed to \(agentID.uppercased())] \(answer)"
        if let approval { text += "\n[\(approval.summary)]" }
        return text
    }
}
