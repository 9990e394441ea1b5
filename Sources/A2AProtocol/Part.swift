import Foundation
import JSONBytes

/// One piece of message or artifact content (1.0): exactly one of `text`, `raw`, `url`, `data`.
public struct Part: Sendable, Hashable, Codable {
    /// What the part carries.
    public enum Content: Sendable, Hashable {
        case text(String)
        /// Inline bytes (base64 on the wire).
        case raw(Data)
        case url(String)
        case data(JSONValue)
    }

    public var content: Content
    public var mediaType: String?
    public var filename: String?
    public var metadata: JSONValue?

    public init(_ content: Content, mediaType: String? = nil, filename: String? = nil, metadata: JSONValue? = nil) {
        self.content = content
        self.mediaType = mediaType
        self.filename = filename
        self.metadata = metadata
    }

    /// A text part.
    public static func text(_ text: String) -> Part { Part(.text(text)) }

    /// The text, when this is a text part.
    public var text: String? {
        if case .text(let value) = content { return value }
        return nil
    }

    private enum CodingKeys: String, CodingKey {
        case text, raw, url, data, mediaType, filename, metadata
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        var found: [Content] = []
        if let text = try c.decodeIfPresent(String.self, forKey: .text) { found.append(.text(text)) }
        if let raw = try c.decodeIfPresent(String.self, forKey: .raw) {
            guard let bytes = Data(base64Encoded: raw) else {
                throw DecodingError.dataCorruptedError(forKey: .raw, in: c, debugDescription: "raw is not base64")
            }
            found.append(.raw(bytes))
        }
        if let url = try c.decodeIfPresent(String.self, forKey: .url) { found.append(.url(url)) }
        if c.contains(.data) { found.append(.data(try c.decode(JSONValue.self, forKey: .data))) }
        guard found.count == 1, let content = found.first else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a part must have exactly one of text, raw, url, data (found \(found.count))"))
        }
        self.content = content
        let mediaType = try c.decodeIfPresent(String.self, forKey: .mediaType)
        self.mediaType = mediaType?.isEmpty == true ? nil : mediaType
        let filename = try c.decodeIfPresent(String.self, forKey: .filename)
        self.filename = filename?.isEmpty == true ? nil : filename
        self.metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch content {
        case .text(let value): try c.encode(value, forKey: .text)
        case .raw(let value): try c.encode(value.base64EncodedString(), forKey: .raw)
        case .url(let value): try c.encode(value, forKey: .url)
        case .data(let value): try c.encode(value, forKey: .data)
        }
        try c.encodeIfPresent(mediaType, forKey: .mediaType)
        try c.encodeIfPresent(filename, forKey: .filename)
        try c.encodeIfPresent(metadata, forKey: .metadata)
    }
}

extension Part: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        if case .data(let value) = content {
            writer.key("data", &first)
            try value.write(to: &writer)
        }
        if let filename {
            writer.key("filename", &first)
            writer.string(filename)
        }
        if let mediaType {
            writer.key("mediaType", &first)
            writer.string(mediaType)
        }
        if let metadata {
            writer.key("metadata", &first)
            try metadata.write(to: &writer)
        }
        switch content {
        case .raw(let value):
            writer.key("raw", &first)
            writer.string(value.base64EncodedString())
        case .text(let value):
            writer.key("text", &first)
            writer.string(value)
        case .url(let value):
            writer.key("url", &first)
            writer.string(value)
        case .data:
            break
        }
        writer.endObject()
    }
}

extension Part {

    /// Reads a part from parsed JSON without Codable, with `init(from:)`'s rules; nil for
    /// anything `init(from:)` would reject, and for `data` parts (left to Codable).
    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), members.members["data"] == nil,
              let text = members.optionalString("text"), let raw = members.optionalString("raw"),
              let url = members.optionalString("url"), let mediaType = members.optionalString("mediaType"),
              let filename = members.optionalString("filename")
        else { return nil }
        let content: Content
        switch (text, raw, url) {
        case (let text?, nil, nil): content = .text(text)
        case (nil, let raw?, nil):
            guard let bytes = Data(base64Encoded: raw) else { return nil }
            content = .raw(bytes)
        case (nil, nil, let url?): content = .url(url)
        default: return nil
        }
        self.init(content, mediaType: mediaType?.isEmpty == true ? nil : mediaType,
                  filename: filename?.isEmpty == true ? nil : filename, metadata: members.optionalValue("metadata"))
    }
}
