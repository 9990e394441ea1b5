import JSONBytes

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

extension Artifact: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("artifactId", &first)
        writer.string(artifactId)
        if let description {
            writer.key("description", &first)
            writer.string(description)
        }
        if let extensions {
            writer.key("extensions", &first)
            writer.array(extensions) { $0.string($1) }
        }
        if let metadata {
            writer.key("metadata", &first)
            try metadata.write(to: &writer)
        }
        if let name {
            writer.key("name", &first)
            writer.string(name)
        }
        writer.key("parts", &first)
        try writer.array(parts) { try $1.write(to: &$0) }
        writer.endObject()
    }
}
