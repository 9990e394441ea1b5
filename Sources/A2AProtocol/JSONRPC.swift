/// A JSON-RPC 2.0 id: a string, an integer, or null.
public enum JSONRPCID: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case number(Int)
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Int.self) {
            self = .number(value)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let value): try c.encode(value)
        case .number(let value): try c.encode(value)
        case .null: try c.encodeNil()
        }
    }

    /// Reads an id from a JSON value; nil when the type is not allowed.
    public init?(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .string(let value): self = .string(value)
        case .number(let value) where value.rounded() == value && abs(value) < 9.0e15: self = .number(Int(value))
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .number(let value): String(value)
        case .null: "null"
        }
    }
}

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

/// A validated JSON-RPC envelope whose params are still untyped (what a server reads first).
public struct JSONRPCEnvelope: Sendable {
    public var id: JSONRPCID
    public var method: String
    public var params: JSONValue

    /// Parses and validates a request body: -32700 for bad JSON, -32600 for a bad envelope
    /// (a batch, missing `"jsonrpc":"2.0"`, a bad id, a missing method).
    public static func parse(_ body: some Collection<UInt8>) -> Result<JSONRPCEnvelope, JSONRPCFailure> {
        let json: JSONValue
        do {
            json = try A2AJSON.decode(JSONValue.self, from: body)
        } catch {
            return .failure(JSONRPCFailure(id: .null, error: .parseError("Parse error: body is not valid JSON")))
        }
        guard case .object(let members) = json else {
            if case .array = json {
                return .failure(JSONRPCFailure(id: .null, error: .invalidRequest("batch requests are not supported")))
            }
            return .failure(JSONRPCFailure(id: .null, error: .invalidRequest("the request must be a JSON object")))
        }
        var id = JSONRPCID.null
        if let rawID = members["id"] {
            guard let parsed = JSONRPCID(json: rawID) else {
                return .failure(JSONRPCFailure(id: .null, error: .invalidRequest("id must be a string, integer or null")))
            }
            id = parsed
        }
        guard members["jsonrpc"] == .string("2.0") else {
            return .failure(JSONRPCFailure(id: id, error: .invalidRequest("\"jsonrpc\" must be \"2.0\"")))
        }
        guard case .string(let method)? = members["method"], !method.isEmpty else {
            return .failure(JSONRPCFailure(id: id, error: .invalidRequest("\"method\" must be a non-empty string")))
        }
        let params = members["params"] ?? .object([:])
        switch params {
        case .object, .array: break
        default:
            return .failure(JSONRPCFailure(id: id, error: .invalidRequest("\"params\" must be an object")))
        }
        return .success(JSONRPCEnvelope(id: id, method: method, params: params))
    }
}

/// An error answer before dispatch, with the id to echo.
public struct JSONRPCFailure: Error, Sendable {
    public var id: JSONRPCID
    public var error: A2AError

    public init(id: JSONRPCID, error: A2AError) {
        self.id = id
        self.error = error
    }
}
