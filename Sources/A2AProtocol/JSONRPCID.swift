import JSONBytes

/// A JSON-RPC 2.0 id: a string, an integer, or null.
public enum JSONRPCID: Sendable, Hashable, Codable, CustomStringConvertible {
    case string(String)
    case number(Int)
    case null

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let value = try? c.decode(Int.self) {
            self = .number(value)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .string(let value): try c.encode(value)
        case .number(let value): try c.encode(value)
        case .null: try c.encodeNil()
        }
    }

    /// Reads an id from a JSON value; nil when the type is not allowed.
    public init?(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .string(let value): self = .string(value)
        case .number(let value) where value.rounded() == value && abs(value) <= 9_007_199_254_740_991: self = .number(Int(value))
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .string(let value): "\"\(value)\""
        case .number(let value): String(value)
        case .null: "null"
        }
    }
}

extension JSONRPCID: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        switch self {
        case .string(let value): writer.string(value)
        case .number(let value): writer.int(value)
        case .null: writer.null()
        }
    }
}
