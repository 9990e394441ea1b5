/// Params of `GetTask`.
public struct GetTaskRequest: Sendable, Hashable, Codable {
    public var id: String
    public var historyLength: Int?
    public var tenant: String?

    public init(id: String, historyLength: Int? = nil, tenant: String? = nil) {
        self.id = id
        self.historyLength = historyLength
        self.tenant = tenant
    }
}

/// Params of `CancelTask` and `SubscribeToTask` (a task id).
public struct TaskIdRequest: Sendable, Hashable, Codable {
    public var id: String
    public var metadata: JSONValue?
    public var tenant: String?

    public init(id: String, metadata: JSONValue? = nil, tenant: String? = nil) {
        self.id = id
        self.metadata = metadata
        self.tenant = tenant
    }
}

/// Params of `ListTasks`.
public struct ListTasksRequest: Sendable, Hashable, Codable {
    public var contextId: String?
    public var status: TaskState?
    public var pageSize: Int?
    public var pageToken: String?
    public var historyLength: Int?
    public var statusTimestampAfter: String?
    public var includeArtifacts: Bool?
    public var tenant: String?

    public init(
        contextId: String? = nil, status: TaskState? = nil, pageSize: Int? = nil, pageToken: String? = nil,
        historyLength: Int? = nil, statusTimestampAfter: String? = nil, includeArtifacts: Bool? = nil,
        tenant: String? = nil
    ) {
        self.contextId = contextId
        self.status = status
        self.pageSize = pageSize
        self.pageToken = pageToken
        self.historyLength = historyLength
        self.statusTimestampAfter = statusTimestampAfter
        self.includeArtifacts = includeArtifacts
        self.tenant = tenant
    }
}

/// Result of `ListTasks`: one page, newest first. `nextPageToken` is empty on the last page.
public struct ListTasksResponse: Sendable, Hashable, Codable {
    public var tasks: [A2ATask]
    public var nextPageToken: String
    public var pageSize: Int
    public var totalSize: Int

    public init(tasks: [A2ATask], nextPageToken: String, pageSize: Int, totalSize: Int) {
        self.tasks = tasks
        self.nextPageToken = nextPageToken
        self.pageSize = pageSize
        self.totalSize = totalSize
    }
}
