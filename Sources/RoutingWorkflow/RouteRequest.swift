/// The input of `RoutingWorkflow`: a question and how to handle it.
public struct RouteRequest: Codable, Sendable, Equatable {
    /// The user's question, as typed.
    public var question: String
    /// The agent that answers when the classifier's label names no known agent.
    public var defaultAgentID: String
    /// Whether a human must approve the drafted answer (signal `approve` or `reject`).
    public var requireApproval: Bool
    /// How long the approval gate waits before the draft counts as not approved.
    public var approvalTimeoutSeconds: Double
    /// Multiplies every routing activity's timeouts and retry intervals (`route --time-scale`,
    /// for outage drills and tests); nil means 1. It is part of the input, so every worker that
    /// runs or replays the workflow uses the same.
    public var timeScale: Double?
    /// The A2A context of the task that asked, when the Router agent started the run: a task
    /// read back from the history (after a restart) keeps the context its client saw.
    public var a2aContextID: String?

    public init(
        question: String, defaultAgentID: String = "faq", requireApproval: Bool = false,
        approvalTimeoutSeconds: Double = 24 * 3600, timeScale: Double? = nil, a2aContextID: String? = nil
    ) {
        self.question = question
        self.defaultAgentID = defaultAgentID
        self.requireApproval = requireApproval
        self.approvalTimeoutSeconds = approvalTimeoutSeconds
        self.timeScale = timeScale
        self.a2aContextID = a2aContextID
    }
}

extension RouteRequest {
    /// Reads a request in which only `question` is required: the other fields take the
    /// defaults of `init`, so that other clients (a Python `temporalio` client starting
    /// `RoutingWorkflow` with `{"question": "..."}`) need not know them.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = RouteRequest(question: "")
        self.init(
            question: try container.decode(String.self, forKey: .question),
            defaultAgentID: try container.decodeIfPresent(String.self, forKey: .defaultAgentID) ?? defaults.defaultAgentID,
            requireApproval: try container.decodeIfPresent(Bool.self, forKey: .requireApproval) ?? defaults.requireApproval,
            approvalTimeoutSeconds: try container.decodeIfPresent(Double.self, forKey: .approvalTimeoutSeconds)
                ?? defaults.approvalTimeoutSeconds,
            timeScale: try container.decodeIfPresent(Double.self, forKey: .timeScale),
            a2aContextID: try container.decodeIfPresent(String.self, forKey: .a2aContextID))
    }
}
