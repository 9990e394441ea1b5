/// An output of a task: parts produced by the agent.
public struct Artifact: Sendable, Hashable, Codable {
    public var artifactId: String
    public var name: String?
    public var description: String?
    public var parts: [Part]
    public var metadata: JSONValue?
    public var extensions: [String]?

    public init(
        artifactId: String, name: String? = nil, description: String? = nil, parts: [Part],
        metadata: JSONValue? = nil, extensions: [String]? = nil
    ) {
        self.artifactId = artifactId
        self.name = name
        self.description = description
        self.parts = parts
        self.metadata = metadata
        self.extensions = extensions
    }

    /// The text of every text part, joined.
    public var text: String {
        parts.compactMap(\.text).joined()
    }
}
