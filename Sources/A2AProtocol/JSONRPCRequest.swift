/// A JSON-RPC 2.0 request with typed params.
public struct JSONRPCRequest<Params: Codable & Sendable>: Sendable, Codable {
    public var jsonrpc: String
    public var id: JSONRPCID
    public var method: String
    public var params: Params

    public init(id: JSONRPCID, method: String, params: Params) {
        self.jsonrpc = "2.0"
        self.id = id
        self.method = method
        self.params = params
    }
}
