import Foundation

extension V03 {
    /// A 0.3 task status (lowercase state).
    public struct TaskStatus: Sendable, Hashable, Codable {
        public var state: String
        public var message: Message?
        public var timestamp: String?

        public init(_ status: A2AProtocol.TaskStatus) {
            state = status.state.v03Name
            message = status.message.map(Message.init)
            timestamp = status.timestamp
        }

        public func v10() throws -> A2AProtocol.TaskStatus {
            guard let parsed = TaskState(v03Name: state) else {
                throw A2AError.invalidParams(field: "status.state", "unknown task state '\(state)'")
            }
            return A2AProtocol.TaskStatus(state: parsed, message: try message?.v10(), timestamp: timestamp)
        }
    }
}
