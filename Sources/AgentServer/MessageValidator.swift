import A2AProtocol
import Foundation

/// Checks an incoming message against the protocol rules and the server's size limits.
enum MessageValidator {
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
