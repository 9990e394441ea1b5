/// A value that writes its own JSON with `JSONWriter`, byte for byte as its `Encodable`
/// conformance would through `A2AJSON.encode`. `A2AJSON.encode` prefers this path.
public protocol JSONWritable: Encodable {
    /// Appends this value's JSON to `writer`.
    func write(to writer: inout JSONWriter) throws
}

extension JSONWriter {
    /// Writes `value` (a JSON object or other JSON text) as JSON.
    public mutating func write<T: JSONWritable>(_ value: T) throws {
        try value.write(to: &self)
    }
}

/// An array of values that write themselves writes itself.
extension Array: JSONWritable where Element: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        try writer.array(self) { try $1.write(to: &$0) }
    }
}
