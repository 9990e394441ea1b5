import Foundation

/// A value recorded in the history: JSON bytes of a Codable value.
public struct Payload: Codable, Sendable, Equatable {
    public var data: [UInt8]

    public init(data: [UInt8]) { self.data = data }

    /// Encodes `value` as JSON.
    public init<T: Encodable>(encoding value: T) throws {
        if let plain = PlainJSON.encode(value) {
            data = plain
            return
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        data = Array(try encoder.encode(value))
    }

    /// Decodes the JSON as `type`.
    public func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let plain = PlainJSON.decode(data, as: type) { return plain }
        return try JSONDecoder().decode(type, from: Data(data))
    }

    /// The JSON text.
    public var json: String { String(decoding: data, as: UTF8.self) }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        guard let bytes = Data(base64Encoded: try container.decode(String.self)) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "payload is not base64")
        }
        data = Array(bytes)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(Data(data).base64EncodedString())
    }
}
