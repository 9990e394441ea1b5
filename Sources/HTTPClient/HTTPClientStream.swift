/// A response whose status and headers have arrived and whose body is still coming.
///
/// ```swift
/// let response = try await client.stream(request)
/// guard response.status == 200 else { ... }
/// for try await event in response.events() { print(event.data) }
/// ```
/// Dropping the stream (or cancelling the task that iterates it) aborts the transfer.
public struct HTTPClientStream: Sendable {
    public let status: Int
    public let headers: HTTPClientHeaders
    /// The body, chunk by chunk, as the network delivers it. Iterate it once.
    public let body: HTTPClientBody

    public init(status: Int, headers: HTTPClientHeaders, body: HTTPClientBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body parsed as Server-Sent Events.
    public func events(maxEventSize: Int = 8 << 20) -> SSEEventSequence {
        SSEEventSequence(body: body, parser: SSEParser(maxEventSize: maxEventSize))
    }

    /// Collects the rest of the body, failing with `.responseTooLarge` beyond `limit` bytes.
    public func collect(upTo limit: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        for try await chunk in body {
            bytes.append(contentsOf: chunk)
            if bytes.count > limit { throw HTTPClientError.responseTooLarge(limit: limit) }
        }
        return bytes
    }
}
