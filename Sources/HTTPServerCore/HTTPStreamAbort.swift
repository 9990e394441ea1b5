/// Thrown by a streaming body producer to drop the connection abruptly instead of ending the
/// body cleanly: the client sees a broken transfer. Test fakes use it to simulate failures.
public struct HTTPStreamAbort: Error, Sendable {
    public init() {}
}
