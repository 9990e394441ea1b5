/// A complete HTTP response: any status (4xx and 5xx are answers, not errors), headers and body.
public struct HTTPClientResponse: Sendable {
    public var status: Int
    public var headers: HTTPClientHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPClientHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as UTF-8 (invalid bytes are replaced).
    public var text: String { String(decoding: body, as: UTF8.self) }
}
