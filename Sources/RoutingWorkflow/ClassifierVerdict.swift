import JSONBytes

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

extension ClassifierVerdict: JSONWritable {
    /// The keys sorted, and no `agentID` when there is none, as `Payload`'s `JSONEncoder` writes it.
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let agentID {
            writer.key("agentID", &first)
            writer.string(agentID)
        }
        writer.key("label", &first)
        writer.string(label)
        writer.key("model", &first)
        writer.string(model)
        writer.endObject()
    }
}
