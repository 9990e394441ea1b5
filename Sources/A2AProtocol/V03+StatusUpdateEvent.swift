import Foundation
import JSONBytes

extension V03 {
    /// A 0.3 status update (`"kind":"status-update"`, with `final`).
    public struct StatusUpdateEvent: Sendable, Hashable, Codable {
        public var kind: String = "status-update"
        public var taskId: String
        public var contextId: String
        public var status: TaskStatus
        public var final: Bool
        public var metadata: JSONValue?

        public init(_ event: TaskStatusUpdateEvent) {
            taskId = event.taskId
            contextId = event.contextId
            status = TaskStatus(event.status)
            final = event.status.state.isTerminal || event.status.state.isInterrupted
            metadata = event.metadata
        }

        public func v10() throws -> TaskStatusUpdateEvent {
            TaskStatusUpdateEvent(taskId: taskId, contextId: contextId, status: try status.v10(), metadata: metadata)
        }
    }
}
