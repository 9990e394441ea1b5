import JSONBytes

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

extension JSONRPCRequest: JSONWritable where Params: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("id", &first)
        try id.write(to: &writer)
        writer.key("jsonrpc", &first)
        writer.string(jsonrpc)
        writer.key("method", &first)
        writer.string(method)
        writer.key("params", &first)
        try params.write(to: &writer)
        writer.endObject()
    }
}
