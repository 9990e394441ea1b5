/// One skill an agent advertises in its card, with examples the router learns from.
public struct AgentSkill: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var tags: [String]
    public var examples: [String]

    public init(id: String, name: String, description: String, tags: [String] = [], examples: [String] = []) {
        self.id = id
        self.name = name
        self.description = description
        self.tags = tags
        self.examples = examples
    }
}
