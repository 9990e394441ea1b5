import JSONBytes

/// A validated JSON-RPC envelope whose params are still untyped (what a server reads first).
public struct JSONRPCEnvelope: Sendable {
    public var id: JSONRPCID
    public var method: String
    public var params: JSONValue

    /// Parses and validates a request body: -32700 for bad JSON, -32600 for a bad envelope
    /// (a batch, missing `"jsonrpc":"2.0"`, a missing or bad id, a missing method).
    public static func parse(_ body: some Collection<UInt8>) -> Result<JSONRPCEnvelope, JSONRPCFailure> {
        let json: JSONValue
        if let parsed = StrictJSONParser.parse(body) {
            json = parsed
        } else {
            // Anything the strict parser leaves alone, Foundation decides (and names the error).
            do {
                json = try A2AJSON.decode(JSONValue.self, from: body)
            } catch {
                return .failure(JSONRPCFailure(id: .null, error: .parseError("Parse error: body is not valid JSON")))
            }
        }
        guard case .object(let members) = json else {
            if case .array = json {
                return .failure(JSONRPCFailure(id: .null, error: .invalidRequest("batch requests are not supported")))
            }
            return .failure(JSONRPCFailure(id: .null, error: .invalidRequest("the request must be a JSON object")))
        }
        // A notification (no "id") asks for no answer, but every A2A method has a result or a
        // side effect the client must learn about, so it is refused rather than run unseen.
        guard let rawID = members["id"] else {
            return .failure(JSONRPCFailure(id: .null, error: .invalidRequest(
                "the request has no \"id\"; A2A methods answer with a result, so notifications are not supported")))
        }
        guard let id = JSONRPCID(json: rawID) else {
            if case .number(let value) = rawID, value.rounded() == value {
                return .failure(JSONRPCFailure(id: .null, error: .invalidRequest(
                    "the integer id is outside ±(2^53 - 1), where JSON numbers stay exact; send it as a string")))
            }
            return .failure(JSONRPCFailure(id: .null, error: .invalidRequest("id must be a string, integer or null")))
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
