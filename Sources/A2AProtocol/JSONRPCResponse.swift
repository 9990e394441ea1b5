import JSONBytes

/// A JSON-RPC 2.0 response: a result or an error.
public struct JSONRPCResponse<Result: Codable & Sendable>: Sendable, Codable {
    public var jsonrpc: String
    public var id: JSONRPCID
    public var result: Result?
    public var error: A2AError?

    public init(id: JSONRPCID, result: Result) {
        self.jsonrpc = "2.0"
        self.id = id
        self.result = result
        self.error = nil
    }

    public init(id: JSONRPCID, error: A2AError) {
        self.jsonrpc = "2.0"
        self.id = id
        self.result = nil
        self.error = error
    }

    private enum CodingKeys: String, CodingKey { case jsonrpc, id, result, error }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        jsonrpc = try c.decodeIfPresent(String.self, forKey: .jsonrpc) ?? "2.0"
        id = try c.decodeIfPresent(JSONRPCID.self, forKey: .id) ?? .null
        error = try c.decodeIfPresent(A2AError.self, forKey: .error)
        result = error == nil ? try c.decode(Result.self, forKey: .result) : nil
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(jsonrpc, forKey: .jsonrpc)
        try c.encode(id, forKey: .id)
        if let error {
            try c.encode(error, forKey: .error)
        } else {
            try c.encodeIfPresent(result, forKey: .result)
        }
    }

    /// The result, or the error thrown.
    public func get() throws -> Result {
        if let error { throw error }
        guard let result else { throw A2AError.internalError("response has neither result nor error") }
        return result
    }
}

extension JSONRPCResponse: JSONWritable where Result: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if let error {
            writer.key("error", &first)
            try error.write(to: &writer)
        }
        writer.key("id", &first)
        try id.write(to: &writer)
        writer.key("jsonrpc", &first)
        writer.string(jsonrpc)
        if error == nil, let result {
            writer.key("result", &first)
            try result.write(to: &writer)
        }
        writer.endObject()
    }
}
