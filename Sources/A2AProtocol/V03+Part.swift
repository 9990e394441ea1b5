import Foundation
import JSONBytes

extension V03 {
    /// A 0.3 part: `{"kind":"text","text"}`, `{"kind":"file","file":{...}}`, `{"kind":"data","data":{...}}`.
    public struct Part: Sendable, Hashable, Codable {
        /// A 0.3 file: a `uri` or base64 `bytes`, with `mimeType` and `name`.
        public struct File: Sendable, Hashable, Codable {
            public var uri: String?
            public var bytes: String?
            public var mimeType: String?
            public var name: String?

            public init(uri: String? = nil, bytes: String? = nil, mimeType: String? = nil, name: String? = nil) {
                self.uri = uri
                self.bytes = bytes
                self.mimeType = mimeType
                self.name = name
            }
        }

        public var kind: String
        public var text: String?
        public var file: File?
        public var data: JSONValue?
        public var metadata: JSONValue?

        public init(kind: String, text: String? = nil, file: File? = nil, data: JSONValue? = nil,
                    metadata: JSONValue? = nil) {
            self.kind = kind
            self.text = text
            self.file = file
            self.data = data
            self.metadata = metadata
        }

        private enum CodingKeys: String, CodingKey { case kind, text, file, data, metadata }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decode(String.self, forKey: .kind)
            metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata)
            switch kind {
            case "text": text = try c.decode(String.self, forKey: .text)
            case "file": file = try c.decode(File.self, forKey: .file)
            case "data": data = try c.decode(JSONValue.self, forKey: .data)
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .kind, in: c, debugDescription: "unknown part kind '\(kind)' (text, file, data)")
            }
        }

        /// The 0.3 form of a 1.0 part.
        public init(_ part: A2AProtocol.Part) {
            switch part.content {
            case .text(let value): self.init(kind: "text", text: value, metadata: part.metadata)
            case .data(let value): self.init(kind: "data", data: value, metadata: part.metadata)
            case .url(let value):
                self.init(kind: "file", file: File(uri: value, mimeType: part.mediaType, name: part.filename),
                          metadata: part.metadata)
            case .raw(let value):
                self.init(kind: "file",
                          file: File(bytes: value.base64EncodedString(), mimeType: part.mediaType, name: part.filename),
                          metadata: part.metadata)
            }
        }

        /// The 1.0 form.
        public func v10() throws -> A2AProtocol.Part {
            switch kind {
            case "text": return A2AProtocol.Part(.text(text ?? ""), metadata: metadata)
            case "data": return A2AProtocol.Part(.data(data ?? .null), metadata: metadata)
            default:
                guard let file else { throw A2AError.invalidParams(field: "part.file", "a file part needs file") }
                if let uri = file.uri {
                    return A2AProtocol.Part(.url(uri), mediaType: file.mimeType, filename: file.name, metadata: metadata)
                }
                guard let bytes = file.bytes.flatMap({ Data(base64Encoded: $0) }) else {
                    throw A2AError.invalidParams(field: "part.file", "a file needs uri or base64 bytes")
                }
                return A2AProtocol.Part(.raw(bytes), mediaType: file.mimeType, filename: file.name, metadata: metadata)
            }
        }
    }
}
