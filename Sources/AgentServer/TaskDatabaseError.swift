/// A tasks database (or a shared task store) could not be opened, read or written.
public struct TaskDatabaseError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// The store could not be reached at all (a server down, say): clients get 503 and may retry.
    public var unreachable: Bool

    public init(message: String, unreachable: Bool = false) {
        self.message = message
        self.unreachable = unreachable
    }

    public var description: String { message }
}
