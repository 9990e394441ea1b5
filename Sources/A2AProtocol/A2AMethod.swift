/// JSON-RPC method names, 1.0 and 0.3.
public enum A2AMethod: String, Sendable, CaseIterable {
    case sendMessage = "SendMessage"
    case sendStreamingMessage = "SendStreamingMessage"
    case getTask = "GetTask"
    case listTasks = "ListTasks"
    case cancelTask = "CancelTask"
    case subscribeToTask = "SubscribeToTask"
    case createTaskPushNotificationConfig = "CreateTaskPushNotificationConfig"
    case getTaskPushNotificationConfig = "GetTaskPushNotificationConfig"
    case listTaskPushNotificationConfigs = "ListTaskPushNotificationConfigs"
    case deleteTaskPushNotificationConfig = "DeleteTaskPushNotificationConfig"
    case getExtendedAgentCard = "GetExtendedAgentCard"

    case v03Send = "message/send"
    case v03Stream = "message/stream"
    case v03GetTask = "tasks/get"
    case v03CancelTask = "tasks/cancel"
    case v03Resubscribe = "tasks/resubscribe"
    case v03SetPushConfig = "tasks/pushNotificationConfig/set"
    case v03GetPushConfig = "tasks/pushNotificationConfig/get"
    case v03ListPushConfigs = "tasks/pushNotificationConfig/list"
    case v03DeletePushConfig = "tasks/pushNotificationConfig/delete"
    case v03ExtendedCard = "agent/getAuthenticatedExtendedCard"

    /// True for the 0.3 names (`message/send`, ...).
    public var isV03: Bool { rawValue.contains("/" as Character) }  // not a string search (StringProtocol+PlainText.swift)

    /// True for methods answered with an SSE stream.
    public var isStreaming: Bool {
        switch self {
        case .sendStreamingMessage, .subscribeToTask, .v03Stream, .v03Resubscribe: true
        default: false
        }
    }

    /// True for the push-notification config methods.
    public var isPushNotification: Bool {
        switch self {
        case .createTaskPushNotificationConfig, .getTaskPushNotificationConfig, .listTaskPushNotificationConfigs,
            .deleteTaskPushNotificationConfig, .v03SetPushConfig, .v03GetPushConfig, .v03ListPushConfigs,
            .v03DeletePushConfig:
            true
        default: false
        }
    }
}
