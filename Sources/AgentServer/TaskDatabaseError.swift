/// A tasks database could not be opened, read or written.
public struct TaskDatabaseError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
