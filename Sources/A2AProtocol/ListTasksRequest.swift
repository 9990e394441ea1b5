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
