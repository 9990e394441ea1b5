/// One result row, with typed accessors by column index.
public struct SQLiteRow: Sendable {
    public let values: [SQLiteValue]

    public init(values: [SQLiteValue]) { self.values = values }

    public func int(_ index: Int) -> Int? {
        switch values[index] {
        case .integer(let value): Int(value)
        case .real(let value): Int(value)
        default: nil
        }
    }

    public func int64(_ index: Int) -> Int64? {
        if case .integer(let value) = values[index] { return value }
        return nil
    }

    public func double(_ index: Int) -> Double? {
        switch values[index] {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    public func string(_ index: Int) -> String? {
        if case .text(let value) = values[index] { return value }
        return nil
    }

    public func bytes(_ index: Int) -> [UInt8]? {
        switch values[index] {
        case .blob(let value): value
        case .text(let value): Array(value.utf8)
        default: nil
        }
    }
}
