import A2AProtocol
import Foundation
import JSONBytes

/// Checks an incoming message against the protocol rules and the server's size limits.
enum MessageValidator {
    /// Checks the request's message and every metadata it carries.
    /// - Throws: -32602 naming the field and the limit.
    static func validate(_ request: SendMessageRequest, _ configuration: AgentServerConfiguration) throws {
        var metadataBytes = try metadataSize(request.metadata, field: "metadata")
        metadataBytes += try metadataSize(request.message.metadata, field: "message.metadata")
        for (index, part) in request.message.parts.enumerated() {
            metadataBytes += try metadataSize(part.metadata, field: "message.parts[\(index)].metadata")
        }
        if metadataBytes > configuration.maxMetadataBytes {
            throw A2AError.invalidParams(
                field: "metadata", "metadata takes \(metadataBytes) bytes of JSON; the limit is \(configuration.maxMetadataBytes) bytes")
        }
        try validate(request.message, configuration)
    }

    /// Metadata is a protobuf `Struct` in A2A: a JSON object, or absent. Anything else would be
    /// stored and echoed to every client that reads the task, and break the ones that check.
    private static func metadataSize(_ metadata: JSONValue?, field: String) throws -> Int {
        guard let metadata else { return 0 }
        guard case .object = metadata else {
            throw A2AError.invalidParams(field: field, "must be a JSON object")
        }
        return try metadata.jsonBytes().count
    }

    /// - Throws: -32602 naming the field and the limit.
    static func validate(_ message: Message, _ configuration: AgentServerConfiguration) throws {
        if message.messageId.isEmpty {
            throw A2AError.invalidParams(field: "message.messageId", "must not be empty")
        }
        if message.parts.isEmpty {
            throw A2AError.invalidParams(field: "message.parts", "Field must contain at least one element.")
        }
        if message.parts.count > configuration.maxParts {
            throw A2AError.invalidParams(
                field: "message.parts", "at most \(configuration.maxParts) parts are allowed, got \(message.parts.count)")
        }
        for part in message.parts {
            if let mediaType = part.mediaType, !supports(mediaType) {
                throw A2AError.contentTypeNotSupported(mediaType)
            }
        }
        let textBytes = message.parts.reduce(0) { $0 + ($1.text?.utf8.count ?? 0) }
        if textBytes > configuration.maxMessageTextBytes {
            throw A2AError.invalidParams(
                field: "message.parts",
                "text is \(textBytes) bytes; the limit is \(configuration.maxMessageTextBytes) bytes")
        }
        if textBytes == 0 || message.parts.allSatisfy({ $0.text == nil }) {
            throw A2AError.invalidParams(field: "message.parts", "this agent needs a non-empty text part")
        }
    }

    /// Media types this agent reads: text, and JSON for data parts.
    static func supports(_ mediaType: String) -> Bool {
        let base = mediaType.split(separator: ";").first.map { $0.trimmingSpacesAndTabs().lowercased() } ?? ""
        return base.hasPrefix("text/") || base == "application/json"
    }
}
