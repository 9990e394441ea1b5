import JSONBytes

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
