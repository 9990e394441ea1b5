/// The events of an SSE body (`HTTPClientStream.events()`), parsed by `SSEParser` as chunks arrive.
public struct SSEEventSequence: AsyncSequence, Sendable {
    public typealias Element = SSEEvent

    let body: HTTPClientBody
    let parser: SSEParser

    public struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: HTTPClientBody.AsyncIterator
        var parser: SSEParser
        var pending: [SSEEvent] = []
        var pendingIndex = 0

        public mutating func next() async throws -> SSEEvent? {
            while pendingIndex == pending.count {
                guard let chunk = try await chunks.next() else {
                    parser.finish()
                    return nil
                }
                pending = try parser.feed(chunk)
                pendingIndex = 0
            }
            defer { pendingIndex += 1 }
            return pending[pendingIndex]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(chunks: body.makeAsyncIterator(), parser: parser)
    }
}
