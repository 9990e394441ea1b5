import Foundation
import Synchronization

/// The `ResponseBodyWriter` of one streamed response: hands chunks to the loop thread and
/// waits while the connection's output buffer is over the high-water mark.
final class StreamBodyWriter: ResponseBodyWriter, Sendable {
    private let server: HTTPServer
    private let id: Int
    private let closed = Atomic<Bool>(false)

    init(server: HTTPServer, id: Int) {
        self.server = server
        self.id = id
    }

    var isClosed: Bool { closed.load(ordering: .acquiring) }

    func markClosed() { closed.store(true, ordering: .releasing) }

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
