import JSONBytes

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

extension SendMessageConfiguration {
    /// See `SendMessageRequest.init?(strict:)`. A `historyLength` is left to Codable, whose
    /// integer rules the parsed `Double` cannot reproduce.
    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), !members.has("historyLength"),
              let modes = members.optionalStrings("acceptedOutputModes"),
              let returnImmediately = members.optionalBool("returnImmediately")
        else { return nil }
        self.init(acceptedOutputModes: modes, historyLength: nil, returnImmediately: returnImmediately,
                  taskPushNotificationConfig: members.optionalValue("taskPushNotificationConfig"))
    }
}
