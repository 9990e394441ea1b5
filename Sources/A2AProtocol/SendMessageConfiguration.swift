/// How the agent should answer a send.
public struct SendMessageConfiguration: Sendable, Hashable, Codable {
    public var acceptedOutputModes: [String]?
    /// nil = server default, 0 = omit history, n = the last n messages.
    public var historyLength: Int?
    /// false (the default) blocks until the task is terminal or interrupted.
    public var returnImmediately: Bool?
    public var taskPushNotificationConfig: JSONValue?

    public init(
        acceptedOutputModes: [String]? = nil, historyLength: Int? = nil, returnImmediately: Bool? = nil,
        taskPushNotificationConfig: JSONValue? = nil
    ) {
        self.acceptedOutputModes = acceptedOutputModes
        self.historyLength = historyLength
        self.returnImmediately = returnImmediately
        self.taskPushNotificationConfig = taskPushNotificationConfig
    }
}
