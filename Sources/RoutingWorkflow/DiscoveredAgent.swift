import JSONBytes

/// An agent the router may call: what its card (or, while it is down, its definition) says.
public struct DiscoveredAgent: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    /// The base URL of the agent's A2A endpoint.
    public var url: String
    public var skills: [Skill]
    /// False when the card could not be fetched and the definition under `agents/` stood in.
    public var reachable: Bool

    /// One advertised skill, as the classifier prompt lists it.
    public struct Skill: Codable, Sendable, Equatable {
        public var name: String
        public var description: String
        public var tags: [String]
        public var examples: [String]

        public init(name: String, description: String, tags: [String], examples: [String]) {
            self.name = name
            self.description = description
            self.tags = tags
            self.examples = examples
        }
    }

    public init(id: String, name: String, description: String, url: String, skills: [Skill], reachable: Bool) {
        self.id = id
        self.name = name
        self.description = description
        self.url = url
        self.skills = skills
        self.reachable = reachable
    }
}

// The history holds a routed question's agents twice (discovery's result, the prompt's input):
// their JSON is written directly, with the keys sorted as `Payload`'s `JSONEncoder` sorts them.
extension DiscoveredAgent: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("description", &first)
        writer.string(description)
        writer.key("id", &first)
        writer.string(id)
        writer.key("name", &first)
        writer.string(name)
        writer.key("reachable", &first)
        writer.bool(reachable)
        writer.key("skills", &first)
        try skills.write(to: &writer)
        writer.key("url", &first)
        writer.string(url)
        writer.endObject()
    }
}

extension DiscoveredAgent.Skill: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("description", &first)
        writer.string(description)
        writer.key("examples", &first)
        writer.array(examples) { $0.string($1) }
        writer.key("name", &first)
        writer.string(name)
        writer.key("tags", &first)
        writer.array(tags) { $0.string($1) }
        writer.endObject()
    }
}
