import A2AProtocol
import Foundation
import HTTPServerCore
import JSONBytes

/// Reads only `params` of a JSON-RPC body, as a typed value.
private struct ParamsOnly<P: Decodable>: Decodable {
    var params: P
}

extension A2AAgentResponder {
    /// JSON-RPC 2.0 at `/`: every answer is HTTP 200 with a JSON-RPC body, or an SSE stream.
    func handleJSONRPC(_ request: HTTPRequest, method metricsMethod: inout AgentServerMetrics.Method) async -> HTTPResponse {
        guard request.method == "POST" else { return Self.methodNotAllowed("POST") }
        let declaredJSON = request.headers["Content-Type"].map { $0.lowercased().containsBytes(of: "json") } ?? true
        let envelope: JSONRPCEnvelope
        switch JSONRPCEnvelope.parse(request.body) {
        case .success(let parsed):
            envelope = parsed
        case .failure(let failure):
            // A body that is not JSON under a non-JSON Content-Type is a content-type error (-32005);
            // a JSON body is accepted whatever the label (plain `curl -d` sends form encoding).
            if !declaredJSON, failure.error.code == A2AError.parseErrorCode {
                return Self.rpcError(.contentTypeNotSupported(request.headers["Content-Type"] ?? ""), id: .null)
            }
            return Self.rpcError(failure.error, id: failure.id)
        }
        let id = envelope.id
        guard let method = A2AMethod(rawValue: envelope.method) else {
            return Self.rpcError(.methodNotFound(envelope.method), id: id)
        }
        metricsMethod = AgentServerMetrics.Method(method)
        let version = Self.requestedVersion(request)
        if method.isV03 {
            guard A2AVersion.isV03(version) else {
                return Self.rpcError(.versionNotSupported(version, expected: A2AVersion.legacy), id: id)
            }
        } else if !A2AVersion.isV1(version) {
            return Self.rpcError(.versionNotSupported(version), id: id)
        }
        do {
            return try await dispatch(method, id: id, body: request.body, params: envelope.params)
        } catch let error as A2AError {
            return Self.rpcError(method.isV03 ? error.v03 : error, id: id)
        } catch {
            return Self.rpcError(.internalError("\(error)"), id: id)
        }
    }

    private func dispatch(_ method: A2AMethod, id: JSONRPCID, body: [UInt8], params json: JSONValue) async throws
        -> HTTPResponse
    {
        if method.isPushNotification { throw A2AError.pushNotificationNotSupported() }
        switch method {
        case .sendMessage:
            let params = try sendParams(body, json)
            return Self.json(JSONRPCResponse(id: id, result: try await manager.respond(to: params)))
        case .v03Send:
            let params = try v03SendParams(body)
            return Self.json(JSONRPCResponse(id: id, result: V03.Event(try await manager.respond(to: params))))
        case .sendStreamingMessage:
            let stream = try await manager.stream(try sendParams(body, json))
            return SSEResponse.make(stream) { try A2AJSON.encode(JSONRPCResponse(id: id, result: $0)) }
        case .v03Stream:
            let stream = try await manager.stream(try v03SendParams(body))
            return SSEResponse.make(stream) { try A2AJSON.encode(JSONRPCResponse(id: id, result: V03.Event($0))) }
        case .getTask:
            try Self.requireInt32(json, "historyLength")
            let params = try Self.params(GetTaskRequest.self, body)
            let task = try await manager.task(id: params.id, historyLength: params.historyLength)
            return Self.json(JSONRPCResponse(id: id, result: task))
        case .v03GetTask:
            try Self.requireInt32(json, "historyLength")
            let params = try Self.params(GetTaskRequest.self, body)
            let task = try await manager.task(id: params.id, historyLength: params.historyLength)
            return Self.json(JSONRPCResponse(id: id, result: V03.Task(task)))
        case .listTasks:
            try Self.requireInt32(json, "pageSize", "historyLength")
            let params = try Self.params(ListTasksRequest.self, body)
            return Self.json(JSONRPCResponse(id: id, result: try await manager.list(params)))
        case .cancelTask:
            let params = try Self.params(TaskIdRequest.self, body)
            return Self.json(JSONRPCResponse(id: id, result: try await manager.cancel(id: params.id)))
        case .v03CancelTask:
            let params = try Self.params(TaskIdRequest.self, body)
            return Self.json(JSONRPCResponse(id: id, result: V03.Task(try await manager.cancel(id: params.id))))
        case .subscribeToTask:
            let params = try Self.params(TaskIdRequest.self, body)
            let stream = try await manager.subscribe(id: params.id)
            return SSEResponse.make(stream) { try A2AJSON.encode(JSONRPCResponse(id: id, result: $0)) }
        case .v03Resubscribe:
            let params = try Self.params(TaskIdRequest.self, body)
            let stream = try await manager.subscribe(id: params.id)
            return SSEResponse.make(stream) { try A2AJSON.encode(JSONRPCResponse(id: id, result: V03.Event($0))) }
        case .getExtendedAgentCard, .v03ExtendedCard:
            throw A2AError.unsupportedOperation("The agent does not support authenticated extended cards")
        default:
            throw A2AError.methodNotFound(method.rawValue)
        }
    }

    /// These fields are proto `int32`s: a JSON number outside that range would reach Codable,
    /// whose overflow error names no field ("not valid JSON").
    static func requireInt32(_ params: JSONValue, _ names: String...) throws {
        guard case .object(let members) = params else { return }
        for name in names {
            guard let value = members[name], value != .null else { continue }
            guard case .number(let number) = value, number.rounded() == number, abs(number) <= Double(Int32.max) else {
                throw A2AError.invalidParams(field: name, "must be an integer no larger than \(Int32.max)")
            }
        }
    }

    /// The send params: read straight from the parsed envelope when they have the usual
    /// shape, else decoded from `body` by Codable (which names the field of any error).
    private func sendParams(_ body: [UInt8], _ json: JSONValue) throws -> SendMessageRequest {
        let params = try Self.strictSendParams(json) ?? Self.params(SendMessageRequest.self, body)
        try MessageValidator.validate(params, configuration)
        return params
    }

    /// `SendMessageRequest(strict:)` of the params, with proto (snake_case) names rewritten
    /// as `params(_:_:)` does.
    static func strictSendParams(_ json: JSONValue) -> SendMessageRequest? {
        SendMessageRequest(strict: ProtoJSONNames.hasSnakeCaseNames(json) ? ProtoJSONNames.camelCased(json) : json)
    }

    private func v03SendParams(_ body: [UInt8]) throws -> SendMessageRequest {
        let params = try Self.params(V03.SendParams.self, body).v10()
        try MessageValidator.validate(params, configuration)
        return params
    }

    static func params<P: Decodable>(_ type: P.Type, _ body: [UInt8]) throws -> P {
        do {
            if ProtoJSONNames.mayContainSnakeCase(body) {
                // Proto field names (`history_length`) are valid ProtoJSON too.
                let json = try A2AJSON.decode(JSONValue.self, from: body)
                return try A2AJSON.convert(ProtoJSONNames.camelCased(json), to: ParamsOnly<P>.self).params
            }
            return try A2AJSON.decode(ParamsOnly<P>.self, from: body).params
        } catch let error as DecodingError {
            // Report paths relative to params ("message.parts"), not to the envelope.
            throw invalidParams(Self.droppingParamsKey(error))
        }
    }

    private static func droppingParamsKey(_ error: DecodingError) -> DecodingError {
        func strip(_ context: DecodingError.Context) -> DecodingError.Context {
            DecodingError.Context(codingPath: Array(context.codingPath.drop { $0.stringValue == "params" }),
                                  debugDescription: context.debugDescription, underlyingError: context.underlyingError)
        }
        switch error {
        case .keyNotFound(let key, let context):
            if key.stringValue == "params", context.codingPath.isEmpty {
                return .keyNotFound(key, DecodingError.Context(codingPath: [], debugDescription: "params is required"))
            }
            return .keyNotFound(key, strip(context))
        case .typeMismatch(let type, let context): return .typeMismatch(type, strip(context))
        case .valueNotFound(let type, let context): return .valueNotFound(type, strip(context))
        case .dataCorrupted(let context): return .dataCorrupted(strip(context))
        @unknown default: return error
        }
    }

    static func rpcError(_ error: A2AError, id: JSONRPCID) -> HTTPResponse {
        json(JSONRPCResponse<JSONValue>(id: id, error: error))
    }
}
