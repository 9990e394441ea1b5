import Foundation
import JSONBytes

extension V03 {
    /// A 0.3 task (`"kind":"task"`).
    public struct Task: Sendable, Hashable, Codable {
        public var kind: String = "task"
        public var id: String
        public var contextId: String
        public var status: TaskStatus
        public var artifacts: [Artifact]?
        public var history: [Message]?
        public var metadata: JSONValue?

        public init(_ task: A2ATask) {
            id = task.id
            contextId = task.contextId
            status = TaskStatus(task.status)
            artifacts = task.artifacts.map { $0.map(Artifact.init) }
            history = task.history.map { $0.map(Message.init) }
            metadata = task.metadata
        }

        public func v10() throws -> A2ATask {
            A2ATask(id: id, contextId: contextId, status: try status.v10(),
                    artifacts: try artifacts?.map { try $0.v10() }, history: try history?.map { try $0.v10() },
                    metadata: metadata)
        }
    }
}
