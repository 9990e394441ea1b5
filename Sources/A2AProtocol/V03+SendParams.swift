import Foundation
import JSONBytes

extension V03 {
    /// 0.3 `MessageSendParams` (`configuration.blocking`).
    public struct SendParams: Sendable, Hashable, Codable {
        /// 0.3 send configuration.
        public struct Configuration: Sendable, Hashable, Codable {
            public var acceptedOutputModes: [String]?
            public var historyLength: Int?
            public var blocking: Bool?
            public var pushNotificationConfig: JSONValue?

            public init(acceptedOutputModes: [String]? = nil, historyLength: Int? = nil, blocking: Bool? = nil,
                        pushNotificationConfig: JSONValue? = nil) {
                self.acceptedOutputModes = acceptedOutputModes
                self.historyLength = historyLength
                self.blocking = blocking
                self.pushNotificationConfig = pushNotificationConfig
            }
        }

        public var message: Message
        public var configuration: Configuration?
        public var metadata: JSONValue?

        public init(_ request: SendMessageRequest) {
            message = Message(request.message)
            let config = request.configuration
            configuration = Configuration(
                acceptedOutputModes: config?.acceptedOutputModes, historyLength: config?.historyLength,
                blocking: !(config?.returnImmediately ?? false))
            metadata = request.metadata
        }

        public func v10() throws -> SendMessageRequest {
            var config: SendMessageConfiguration?
            if let configuration {
                config = SendMessageConfiguration(
                    acceptedOutputModes: configuration.acceptedOutputModes, historyLength: configuration.historyLength,
                    returnImmediately: configuration.blocking == false ? true : nil)
            }
            return SendMessageRequest(message: try message.v10(), configuration: config, metadata: metadata)
        }
    }
}
