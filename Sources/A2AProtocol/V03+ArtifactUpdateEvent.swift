import Foundation
import JSONBytes

extension V03 {
    /// A 0.3 artifact update (`"kind":"artifact-update"`).
    public struct ArtifactUpdateEvent: Sendable, Hashable, Codable {
        public var kind: String = "artifact-update"
        public var taskId: String
        public var contextId: String
        public var artifact: Artifact
        public var append: Bool?
        public var lastChunk: Bool?
        public var metadata: JSONValue?

        public init(_ event: TaskArtifactUpdateEvent) {
            taskId = event.taskId
            contextId = event.contextId
            artifact = Artifact(event.artifact)
            append = event.append ?? false
            lastChunk = event.lastChunk
            metadata = event.metadata
        }

        public func v10() throws -> TaskArtifactUpdateEvent {
            TaskArtifactUpdateEvent(taskId: taskId, contextId: contextId, artifact: try artifact.v10(),
                                    append: append, lastChunk: lastChunk, metadata: metadata)
        }
    }
}
