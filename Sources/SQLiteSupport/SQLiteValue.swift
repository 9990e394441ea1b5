import Foundation

/// A value bound to, or read from, a SQLite statement.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension SQLiteValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }

    /// `.text`, or `.null` for nil.
    public static func text(_ value: String?) -> SQLiteValue { value.map { .text($0) } ?? .null }
    /// `.integer`, or `.null` for nil.
    public static func int(_ value: Int?) -> SQLiteValue { value.map { .integer(Int64($0)) } ?? .null }
    /// `.real`, or `.null` for nil.
    public static func double(_ value: Double?) -> SQLiteValue { value.map { .real($0) } ?? .null }
    /// `.blob`, or `.null` for nil.
    public static func bytes(_ value: [UInt8]?) -> SQLiteValue { value.map { .blob($0) } ?? .null }
}
