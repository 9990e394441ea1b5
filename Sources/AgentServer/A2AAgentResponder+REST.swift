import A2AProtocol
import Foundation
import HTTPServerCore
import JSONBytes

extension A2AAgentResponder {
    /// The HTTP+JSON binding: `/message:send`, `/message:stream`, `/tasks`, `/tasks/{id}`,
    /// `/tasks/{id}:cancel`, `/tasks/{id}:subscribe`. Errors are `google.rpc.Status` bodies.
    func handleREST(_ request: HTTPRequest, method: inout AgentServerMetrics.Method) async -> HTTPResponse {
        guard let route = RESTRoute(method: request.method, path: request.path) else {
            return Self.plainError(status: 404, grpcStatus: "NOT_FOUND", message: "No route for \(request.method) \(request.path)")
        }
        method = AgentServerMetrics.Method(route)
        if case .wrongMethod(let allow) = route { return Self.methodNotAllowed(allow) }
        let version = Self.requestedVersion(request)
        guard A2AVersion.isV1(version) else { return Self.restError(.versionNotSupported(version)) }
        if request.method == "POST", let contentType = request.headers["Content-Type"],
           !contentType.lowercased().containsBytes(of: "json"), !request.body.isEmpty {
            return Self.plainError(status: 415, grpcStatus: "INVALID_ARGUMENT",
                                   message: "Content type '\(contentType)' is not supported; use application/json")
        }
        do {
            return try await dispatchREST(route, request)
        } catch let error as A2AError {
            return Self.restError(error)
        } catch {
            return Self.restError(.internalError("\(error)"))
        }
    }

    private func dispatchREST(_ route: RESTRoute, _ request: HTTPRequest) async throws -> HTTPResponse {
        switch route {
        case .send:
            return Self.json(try await manager.respond(to: try restSendBody(request)))
        case .stream:
            let stream = try await manager.stream(try restSendBody(request))
            return SSEResponse.make(stream) { try A2AJSON.encode($0) }
        case .getTask(let id):
            let length = try Self.intQuery(request, "historyLength")
            return Self.json(try await manager.task(id: id, historyLength: length))
        case .listTasks:
            var params = ListTasksRequest()
            params.contextId = Self.queryValue(request, "contextId")
            if let status = Self.queryValue(request, "status"), !status.isEmpty {
                guard let state = TaskState(rawValue: status) ?? TaskState(v03Name: status) else {
                    throw A2AError.invalidParams(field: "status", "unknown task state '\(status)'")
                }
                params.status = state
            }
            params.pageSize = try Self.intQuery(request, "pageSize")
            params.pageToken = Self.queryValue(request, "pageToken")
            params.historyLength = try Self.intQuery(request, "historyLength")
            params.statusTimestampAfter = Self.queryValue(request, "statusTimestampAfter")
            params.includeArtifacts = Self.queryValue(request, "includeArtifacts").map { $0 == "true" || $0 == "1" }
            return Self.json(try await manager.list(params))
        case .cancel(let id):
            return Self.json(try await manager.cancel(id: id))
        case .subscribe(let id):
            let stream = try await manager.subscribe(id: id)
            return SSEResponse.make(stream) { try A2AJSON.encode($0) }
        case .extendedCard:
            throw A2AError.unsupportedOperation("The agent does not support authenticated extended cards")
        case .pushConfig:
            throw A2AError.pushNotificationNotSupported()
        case .wrongMethod:
            return Self.methodNotAllowed("GET")
        }
    }

    private func restSendBody(_ request: HTTPRequest) throws -> SendMessageRequest {
        let params: SendMessageRequest
        do {
            if ProtoJSONNames.mayContainSnakeCase(request.body) {
                let json = try A2AJSON.decode(JSONValue.self, from: request.body)
                params = try A2AJSON.convert(ProtoJSONNames.camelCased(json), to: SendMessageRequest.self)
            } else {
                params = try A2AJSON.decode(SendMessageRequest.self, from: request.body)
            }
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw A2AError.parseError("Parse error: body is not valid JSON")
            }
            throw Self.invalidParams(error)
        }
        try MessageValidator.validate(params, configuration)
        return params
    }

    private static func intQuery(_ request: HTTPRequest, _ name: String) throws -> Int? {
        guard let text = queryValue(request, name), !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw A2AError.invalidParams(field: name, "'\(text)' is not an integer") }
        return value
    }

    /// A query parameter by its camelCase name or its proto (snake_case) name.
    static func queryValue(_ request: HTTPRequest, _ name: String) -> String? {
        if let value = request.query[name] { return value }
        var snake = ""
        for character in name {
            if character.isUppercase { snake += "_" + character.lowercased() } else { snake.append(character) }
        }
        return request.query[snake]
    }

    static func restError(_ error: A2AError) -> HTTPResponse {
        json(error.restBody, status: error.httpStatus)
    }
}
