/// What the classify activity decided: the raw label and the agent it names, if any.
public struct ClassifierVerdict: Codable, Sendable, Equatable {
    /// The model's answer as given (for the local model, the chosen id).
    public var label: String
    /// The known agent the label names, or nil when it names none.
    public var agentID: String?
    /// The model that classified, e.g. `local` or `openai:gpt-4o-mini`.
    public var model: String

    public init(label: String, agentID: String?, model: String) {
        self.label = label
        self.agentID = agentID
        self.model = model
    }
}
