import Foundation
import JSONBytes

extension V03 {
    /// A 0.3 message (`"kind":"message"`, role `user`/`agent`).
    public struct Message: Sendable, Hashable, Codable {
        public var kind: String = "message"
        public var messageId: String
        public var contextId: String?
        public var taskId: String?
        public var role: String
        public var parts: [Part]
        public var metadata: JSONValue?
        public var extensions: [String]?
        public var referenceTaskIds: [String]?

        /// The 0.3 form of a 1.0 message.
        public init(_ message: A2AProtocol.Message) {
            messageId = message.messageId
            contextId = message.contextId
            taskId = message.taskId
            role = message.role.v03Name
            parts = message.parts.map(Part.init)
            metadata = message.metadata
            extensions = message.extensions
            referenceTaskIds = message.referenceTaskIds
        }

        /// The 1.0 form.
        public func v10() throws -> A2AProtocol.Message {
            guard let role = A2AProtocol.Message.Role(v03Name: role) else {
                throw A2AError.invalidParams(field: "message.role", "role must be 'user' or 'agent', not '\(self.role)'")
            }
            return A2AProtocol.Message(
                messageId: messageId, role: role, parts: try parts.map { try $0.v10() }, contextId: contextId,
                taskId: taskId, metadata: metadata, extensions: extensions, referenceTaskIds: referenceTaskIds)
        }
    }
}
