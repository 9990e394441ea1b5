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
