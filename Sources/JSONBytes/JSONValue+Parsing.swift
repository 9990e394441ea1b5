import Foundation

extension JSONValue {
    /// Parses a JSON document: the strict parser for the common shapes, Foundation's decoder
    /// for everything else, so the value is always exactly what `JSONDecoder` reads.
    /// - Throws: Foundation's `DecodingError` for text that is not JSON.
    public static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        if let value = StrictJSONParser.parse(bytes) { return value }
        return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    /// The compact JSON text of this value (object keys sorted, as `JSONEncoder` writes them
    /// with `.sortedKeys` and `.withoutEscapingSlashes`).
    /// - Throws: `EncodingError` for a number that JSON cannot hold (NaN, infinity).
    public func jsonBytes() throws -> [UInt8] {
        var writer = JSONWriter()
        try write(to: &writer)
        return writer.bytes
    }
}
