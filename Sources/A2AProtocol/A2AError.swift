import JSONBytes

/// A JSON-RPC / A2A error: code, message and optional data (§7).
public struct A2AError: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var data: JSONValue?

    public init(code: Int, message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public var description: String { "A2A error \(code): \(message)" }

    // MARK: - Codes

    public static let parseErrorCode = -32700
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603
    public static let taskNotFoundCode = -32001
    public static let taskNotCancelableCode = -32002
    public static let pushNotificationNotSupportedCode = -32003
    public static let unsupportedOperationCode = -32004
    public static let contentTypeNotSupportedCode = -32005
    public static let invalidAgentResponseCode = -32006
    public static let extendedAgentCardNotConfiguredCode = -32007
    public static let extensionSupportRequiredCode = -32008
    public static let versionNotSupportedCode = -32009

    /// The `ErrorInfo.reason` for this code (e.g. `TASK_NOT_FOUND`), nil for parse errors.
    public var reason: String? {
        switch code {
        case Self.invalidRequestCode: "INVALID_REQUEST"
        case Self.methodNotFoundCode: "METHOD_NOT_FOUND"
        case Self.invalidParamsCode: "INVALID_PARAMS"
        case Self.internalErrorCode: "INTERNAL_ERROR"
        case Self.taskNotFoundCode: "TASK_NOT_FOUND"
        case Self.taskNotCancelableCode: "TASK_NOT_CANCELABLE"
        case Self.pushNotificationNotSupportedCode: "PUSH_NOTIFICATION_NOT_SUPPORTED"
        case Self.unsupportedOperationCode: "UNSUPPORTED_OPERATION"
        case Self.contentTypeNotSupportedCode: "CONTENT_TYPE_NOT_SUPPORTED"
        case Self.invalidAgentResponseCode: "INVALID_AGENT_RESPONSE"
        case Self.extendedAgentCardNotConfiguredCode: "EXTENDED_AGENT_CARD_NOT_CONFIGURED"
        case Self.extensionSupportRequiredCode: "EXTENSION_SUPPORT_REQUIRED"
        case Self.versionNotSupportedCode: "VERSION_NOT_SUPPORTED"
        default: nil
        }
    }

    /// The HTTP status of the REST binding (spec v1.0.1).
    public var httpStatus: Int {
        switch code {
        case Self.methodNotFoundCode, Self.taskNotFoundCode: 404
        case Self.internalErrorCode where isUnavailable: 503
        case Self.internalErrorCode, Self.invalidAgentResponseCode: 500
        case Self.parseErrorCode: 400
        default: 400
        }
    }

    /// The gRPC status name used in REST error bodies, e.g. `NOT_FOUND`.
    public var grpcStatus: String {
        switch code {
        case Self.parseErrorCode, Self.invalidRequestCode, Self.invalidParamsCode, Self.contentTypeNotSupportedCode:
            "INVALID_ARGUMENT"
        case Self.methodNotFoundCode, Self.taskNotFoundCode: "NOT_FOUND"
        case Self.internalErrorCode where isUnavailable: "UNAVAILABLE"
        case Self.internalErrorCode, Self.invalidAgentResponseCode: "INTERNAL"
        default: "FAILED_PRECONDITION"
        }
    }

    // MARK: - Constructors

    /// -32700 with the parser's explanation.
    public static func parseError(_ detail: String) -> A2AError {
        A2AError(code: parseErrorCode, message: detail)
    }

    /// -32600 with a reason in ErrorInfo metadata.
    public static func invalidRequest(_ detail: String) -> A2AError {
        A2AError(code: invalidRequestCode, message: "Invalid Request",
                 data: errorInfo(reason: "INVALID_REQUEST", metadata: ["parseError": .string(detail)]))
    }

    /// -32601.
    public static func methodNotFound(_ method: String) -> A2AError {
        A2AError(code: methodNotFoundCode, message: "Method not found: \(method)")
    }

    /// -32602 naming the field, with ErrorInfo and google.rpc.BadRequest details.
    public static func invalidParams(field: String, _ detail: String) -> A2AError {
        let violation: JSONValue = ["field": .string(field), "message": .string(detail)]
        var data = errorInfo(reason: "INVALID_PARAMS", metadata: ["errors": [violation]])
        if case .array(var items) = data {
            items.append([
                "@type": "type.googleapis.com/google.rpc.BadRequest",
                "fieldViolations": [["field": .string(field), "description": .string(detail)]],
            ])
            data = .array(items)
        }
        return A2AError(code: invalidParamsCode, message: "Invalid params: \(field): \(detail)", data: data)
    }

    /// -32603.
    public static func internalError(_ detail: String) -> A2AError {
        A2AError(code: internalErrorCode, message: detail, data: errorInfo(reason: "INTERNAL_ERROR"))
    }

    /// -32603 for a service this agent needs that cannot be reached now (its shared task store):
    /// HTTP 503 on REST, `UNAVAILABLE` in ErrorInfo. The client may retry.
    public static func unavailable(_ detail: String) -> A2AError {
        A2AError(code: internalErrorCode, message: detail, data: errorInfo(reason: "UNAVAILABLE"))
    }

    /// True for an `unavailable` error.
    public var isUnavailable: Bool {
        guard code == Self.internalErrorCode, case .array(let details)? = data else { return false }
        return details.contains { $0["reason"] == .string("UNAVAILABLE") }
    }

    /// -32001.
    public static func taskNotFound(_ id: String) -> A2AError {
        A2AError(code: taskNotFoundCode, message: "Task not found: \(id)", data: errorInfo(reason: "TASK_NOT_FOUND"))
    }

    /// -32002.
    public static func taskNotCancelable(_ id: String, state: TaskState) -> A2AError {
        A2AError(code: taskNotCancelableCode, message: "Task \(id) cannot be canceled: it is \(state.rawValue)",
                 data: errorInfo(reason: "TASK_NOT_CANCELABLE"))
    }

    /// -32003.
    public static func pushNotificationNotSupported() -> A2AError {
        A2AError(code: pushNotificationNotSupportedCode, message: "Push notifications are not supported by the agent",
                 data: errorInfo(reason: "PUSH_NOTIFICATION_NOT_SUPPORTED"))
    }

    /// -32004.
    public static func unsupportedOperation(_ detail: String) -> A2AError {
        A2AError(code: unsupportedOperationCode, message: detail, data: errorInfo(reason: "UNSUPPORTED_OPERATION"))
    }

    /// -32005.
    public static func contentTypeNotSupported(_ contentType: String) -> A2AError {
        A2AError(code: contentTypeNotSupportedCode,
                 message: "Content type '\(contentType)' is not supported",
                 data: errorInfo(reason: "CONTENT_TYPE_NOT_SUPPORTED"))
    }

    /// -32009.
    public static func versionNotSupported(_ version: String, expected: String = A2AVersion.current) -> A2AError {
        A2AError(code: versionNotSupportedCode,
                 message: "A2A version '\(version)' is not supported by this handler. Expected version '\(expected)'.",
                 data: errorInfo(reason: "VERSION_NOT_SUPPORTED"))
    }

    /// A 1.0 `data` array holding one google.rpc.ErrorInfo.
    public static func errorInfo(reason: String, metadata: [String: JSONValue] = [:]) -> JSONValue {
        [[
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": .string(reason),
            "domain": "a2a-protocol.org",
            "metadata": .object(metadata),
        ]]
    }

    /// The same error without 1.0 details (0.3 clients get `data: null`).
    public var v03: A2AError { A2AError(code: code, message: message, data: nil) }

    /// The REST (`google.rpc.Status`) body: `{"error":{"code","status","message","details"}}`.
    public var restBody: JSONValue {
        var error: [String: JSONValue] = [
            "code": .number(Double(httpStatus)), "status": .string(grpcStatus), "message": .string(message),
        ]
        if case .array(let details)? = data {
            error["details"] = .array(details)
        } else if let reason {
            error["details"] = Self.errorInfo(reason: reason)
        }
        return ["error": .object(error)]
    }

    /// The `ErrorInfo.reason` found in `data`, if any (for clients).
    public var detailReason: String? {
        guard case .array(let items)? = data else { return nil }
        return items.lazy.compactMap { $0["reason"]?.stringValue }.first
    }
}

extension A2AError: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("code", &first)
        writer.int(code)
        if let data {
            writer.key("data", &first)
            try data.write(to: &writer)
        }
        writer.key("message", &first)
        writer.string(message)
        writer.endObject()
    }
}
