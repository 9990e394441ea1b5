import DurableEngine
import Foundation
import HTTPServerCore

/// The JSON API under `/api/v1/namespaces/default/…`, in the shapes of Temporal's HTTP API, so
/// that scripts written against Temporal's can read switchboard's runs:
///
/// | request | answer |
/// |---|---|
/// | `GET  …/workflows?query=&pageSize=&nextPageToken=` | `{"executions":[…],"nextPageToken":…}` |
/// | `GET  …/workflows/{id}` | `DescribeWorkflowExecutionResponse` |
/// | `GET  …/workflows/{id}/history` | `{"history":{"events":[…]}}` |
/// | `POST …/workflows/{id}/signal/{name}` | `{}` (body `{"input": …}`, optional) |
/// | `POST …/workflows/{id}/query/{name}` | `{"queryResult":{"payloads":[…]}}` |
/// | `POST …/workflows/{id}/cancel`, `…/terminate` | `{}` (body `{"reason": "…"}`, optional) |
struct WorkflowAPI {
    static let prefix = "/api/v1/namespaces/"
    static let namespace = "default"

    /// The request's target within the API.
    enum Endpoint: Equatable {
        case list
        case describe(String)
        case history(String)
        case signal(String, String)
        case query(String, String)
        case cancel(String)
        case terminate(String)

        var changesState: Bool {
            switch self {
            case .signal, .cancel, .terminate: return true
            case .list, .describe, .history, .query: return false
            }
        }
    }

    /// Reads `path` (after the namespace check). Workflow IDs may contain `/`: the action is
    /// read from the end of the path.
    static func endpoint(method: String, path: String) throws(ConsoleError) -> Endpoint {
        let rest = path.dropFirst(prefix.count)
        let namespace = rest.prefix { $0 != "/" }
        guard namespace == Self.namespace else {
            throw .notFound("namespace '\(namespace.prefix(100))' not found; this console serves 'default'")
        }
        let afterNamespace = rest.dropFirst(namespace.count)
        guard afterNamespace.hasPrefix("/workflows") else { throw .notFound("no API endpoint at \(path.prefix(200))") }
        let target = afterNamespace.dropFirst("/workflows".count)
        if target.isEmpty || target == "/" { return try expect("GET", method, .list) }
        let id = String(target.dropFirst())
        for (action, build) in [("/signal/", Endpoint.signal), ("/query/", Endpoint.query)] {
            if let range = id.range(of: action, options: .backwards), !id[range.upperBound...].contains("/") {
                return try expect("POST", method, build(String(id[..<range.lowerBound]), String(id[range.upperBound...])))
            }
        }
        for (suffix, build, verb) in [("/history", Endpoint.history, "GET"), ("/cancel", Endpoint.cancel, "POST"),
                                      ("/terminate", Endpoint.terminate, "POST")] where id.hasSuffix(suffix) {
            return try expect(verb, method, build(String(id.dropLast(suffix.count))))
        }
        return try expect("GET", method, .describe(id))
    }

    private static func expect(_ verb: String, _ method: String, _ endpoint: Endpoint) throws(ConsoleError) -> Endpoint {
        guard method == verb else { throw ConsoleError(status: 405, code: 12, message: "use \(verb) for this endpoint") }
        return endpoint
    }

    /// Answers `endpoint` with JSON.
    static func respond(_ endpoint: Endpoint, request: HTTPRequest, client: WorkflowClient) throws -> HTTPResponse {
        switch endpoint {
        case .list:
            let query = try WorkflowListQuery(api: request.query)
            let page = try client.list(filter: query.filter, pageSize: query.pageSize, pageToken: query.pageToken)
            var body: [String: Any] = ["executions": page.records.map(TemporalJSON.executionInfo)]
            body["nextPageToken"] = page.nextPageToken ?? ""
            return json(body)
        case .describe(let id):
            return json(TemporalJSON.describe(try client.describe(workflowID: id)))
        case .history(let id):
            return json(["history": TemporalJSON.history(try client.history(workflowID: id), workflowID: id)])
        case .signal(let id, let name):
            try client.signal(workflowID: id, name: name, json: try input(of: request.body))
            return json([:])
        case .query(let id, let name):
            guard let value = try client.queryJSON(workflowID: id, name: name) else {
                throw ConsoleError.notFound("workflow \(id) has published no value for query '\(name)'")
            }
            let payload: [String: Any] = ["metadata": ["encoding": Data("json/plain".utf8).base64EncodedString()],
                                          "data": Data(value.utf8).base64EncodedString()]
            return json(["queryResult": ["payloads": [payload]]])
        case .cancel(let id):
            try client.cancel(workflowID: id, reason: try reason(of: request.body) ?? "cancelled from the console API")
            return json([:])
        case .terminate(let id):
            try client.terminate(workflowID: id, reason: try reason(of: request.body) ?? "terminated from the console API")
            return json([:])
        }
    }

    /// A signal's input: `{"input": value}`, or Temporal's `{"input":{"payloads":[{…,"data": base64}]}}`.
    static func input(of body: [UInt8]) throws(ConsoleError) -> String? {
        guard let object = try bodyObject(body), let input = object["input"] else { return nil }
        if let payloads = (input as? [String: Any])?["payloads"] as? [[String: Any]] {
            guard let first = payloads.first, let data = (first["data"] as? String).flatMap({ Data(base64Encoded: $0) }) else {
                throw .badRequest("input.payloads[0].data must be base64")
            }
            return String(decoding: data, as: UTF8.self)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: input, options: [.fragmentsAllowed, .sortedKeys]) else {
            throw .badRequest("input is not a JSON value")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private static func reason(of body: [UInt8]) throws(ConsoleError) -> String? {
        guard let reason = try bodyObject(body)?["reason"] else { return nil }
        guard let text = reason as? String, text.count <= 1000 else { throw .badRequest("reason must be a string of at most 1000 characters") }
        return text
    }

    private static func bodyObject(_ body: [UInt8]) throws(ConsoleError) -> [String: Any]? {
        guard !body.allSatisfy({ $0 == 32 || $0 == 10 || $0 == 13 || $0 == 9 }) else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw .badRequest("the request body must be a JSON object")
        }
        return object
    }

    static func json(_ object: Any, status: Int = 200) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "application/json")
        return HTTPResponse(status: status, headers: headers, text: TemporalJSON.text(object) + "\n")
    }

    /// The error body grpc-gateway writes: `{"code": 5, "message": "…", "details": []}`.
    static func error(_ error: ConsoleError) -> HTTPResponse {
        json(["code": error.code, "message": error.message, "details": [Any]()], status: error.status)
    }
}
