/// Which agent should answer a question, and how sure the classifier is.
public struct Classification: Sendable, Equatable {
    public var agentID: String
    /// 0 when nothing in the question matched any agent; up to 1 when one agent clearly wins.
    public var confidence: Double
    /// The score of every agent.
    public var scores: [String: Double]
}
