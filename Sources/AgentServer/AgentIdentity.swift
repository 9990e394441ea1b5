import A2AProtocol

/// What the card says about an agent (independent of where it runs).
public struct AgentIdentity: Sendable {
    public var name: String
    public var description: String
    public var version: String
    public var skills: [AgentCard.Skill]

    public init(name: String, description: String, version: String, skills: [AgentCard.Skill]) {
        self.name = name
        self.description = description
        self.version = version
        self.skills = skills
    }
}
