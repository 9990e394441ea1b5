import Foundation

/// The `ResponseBodyWriter` of one streamed response: hands chunks to the loop thread and
/// waits while the connection's output buffer is over the high-water mark.
final class StreamBodyWriter: ResponseBodyWriter, @unchecked Sendable {
    // @unchecked Sendable: `closed` is guarded by `lock`; `server` and `id` never change.
    private let server: HTTPServer
    private let id: Int
    private let lock = NSLock()
    private var closed = false

    init(server: HTTPServer, id: Int) {
        self.server = server
        self.id = id
    }

    var isClosed: Bool { lock.withLock { closed } }

    func markClosed() { lock.withLock { closed = true } }

    func write(_ bytes: [UInt8]) async throws {
        if Task.isCancelled || isClosed { throw CancellationError() }
        let accepted = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let once = OnceFlag()
            let resume: @Sendable (Bool) -> Void = { value in
                if once.claim() { continuation.resume(returning: value) }
            }
            if !server.enqueue(.chunk(id: id, bytes: bytes, resume: resume)) { resume(false) }
        }
        if !accepted {
            markClosed()
            throw CancellationError()
        }
    }
}
