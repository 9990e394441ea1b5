import JSONBytes

/// A streamed artifact, or a chunk of one: `append` adds to the artifact with the same id,
/// `lastChunk` marks its end.
public struct TaskArtifactUpdateEvent: Sendable, Hashable, Codable {
    public var taskId: String
    public var contextId: String
    public var artifact: Artifact
    public var append: Bool?
    public var lastChunk: Bool?
    public var metadata: JSONValue?

    public init(
        taskId: String, contextId: String, artifact: Artifact, append: Bool? = nil, lastChunk: Bool? = nil,
        metadata: JSONValue? = nil
    ) {
        self.taskId = taskId
        self.contextId = contextId
        self.artifact = artifact
        self.append = append
        self.lastChunk = lastChunk
        self.metadata = metadata
    }
}

extension TaskArtifactUpdateEvent: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let append {
            writer.key("append", &first)
            writer.bool(append)
        }
        writer.key("artifact", &first)
        try artifact.write(to: &writer)
        writer.key("contextId", &first)
        writer.string(contextId)
        if let lastChunk {
            writer.key("lastChunk", &first)
            writer.bool(lastChunk)
        }
        if let metadata {
            writer.key("metadata", &first)
            try metadata.write(to: &writer)
        }
        writer.key("taskId", &first)
        writer.string(taskId)
        writer.endObject()
    }
}
