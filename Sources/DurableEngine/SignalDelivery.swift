/// A signal a workflow received: its name and decoded payload.
public struct SignalDelivery<T: Sendable>: Sendable {
    public var name: String
    /// The payload, or nil when the signal carried none.
    public var payload: T?
}
