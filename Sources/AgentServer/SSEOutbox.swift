import Foundation

/// Encoded SSE events waiting for the connection. A reader appends events as the task produces
/// them; the writer takes everything queued at once, so events that arrive while a chunk is in
/// flight leave together in the next chunk.
final class SSEOutbox: @unchecked Sendable {
    // @unchecked Sendable: `pending`, `finished` and `waiter` are only touched while holding `lock`.
    private let lock = NSLock()
    private var pending: [UInt8] = []
    private var finished = false
    private var waiter: CheckedContinuation<Void, Never>?

    /// Queues the bytes of one or more events.
    func append(_ bytes: [UInt8]) {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            pending += bytes
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume()
    }

    /// No more events will come (the stream ended, or the client left).
    func finish() {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            finished = true
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume()
    }

    /// Everything queued so far, waiting when nothing is; nil once finished and drained.
    func take() async -> [UInt8]? {
        while true {
            let ready = lock.withLock { () -> [UInt8]?? in
                if !pending.isEmpty {
                    defer { pending = [] }
                    return .some(pending)
                }
                return finished ? .some(nil) : nil
            }
            if let ready { return ready }
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = lock.withLock { () -> Bool in
                    if !pending.isEmpty || finished { return true }
                    waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
    }
}
