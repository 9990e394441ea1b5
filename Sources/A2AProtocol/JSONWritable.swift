/// A value that writes its own JSON with `JSONWriter`, byte for byte as its `Encodable`
/// conformance would through `A2AJSON.encode`. `A2AJSON.encode` prefers this path.
public protocol JSONWritable: Encodable {
    /// Appends this value's JSON to `writer`.
    func write(to writer: inout JSONWriter) throws
}
