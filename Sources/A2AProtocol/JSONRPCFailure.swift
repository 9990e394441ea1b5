/// An error answer before dispatch, with the id to echo.
public struct JSONRPCFailure: Error, Sendable {
    public var id: JSONRPCID
    public var error: A2AError

    public init(id: JSONRPCID, error: A2AError) {
        self.id = id
        self.error = error
    }
}
