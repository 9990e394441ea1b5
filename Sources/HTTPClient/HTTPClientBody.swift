import Synchronization

/// The body of an `HTTPClientStream`: an `AsyncSequence` of byte chunks. It ends when the
/// response is complete and throws `HTTPClientError` when the transfer fails. Iterate it once.
public struct HTTPClientBody: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    let chunks: AsyncThrowingStream<[UInt8], any Error>
    let abort: TransferAbort

    init(chunks: AsyncThrowingStream<[UInt8], any Error>, abort: TransferAbort) {
        self.chunks = chunks
        self.abort = abort
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        let abort: TransferAbort

        public mutating func next() async throws -> [UInt8]? {
            try await base.next()
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: chunks.makeAsyncIterator(), abort: abort)
    }
}

/// Aborts a streamed transfer when the last copy of its body (and of any iterator) is gone,
/// so a caller that drops a stream without reading it does not leave the transfer running.
final class TransferAbort: Sendable {
    private let action: Mutex<(@Sendable () -> Void)?>

    init(_ action: @escaping @Sendable () -> Void) {
        self.action = Mutex(action)
    }

    /// Runs the abort action once (later calls and deinit do nothing).
    func fire() {
        if let action = action.withLock({ a in defer { a = nil }; return a }) { action() }
    }

    deinit { fire() }
}
