import A2AProtocol
import Foundation

/// The events of one task for one streaming client. The `TaskManager` queues events as the
/// task produces them; the consumer takes everything queued at once (`nextBatch`), so an SSE
/// response writes the events that piled up during a write in one chunk, without a task or
/// an `AsyncStream` in between.
public final class TaskEventFeed: AsyncSequence, @unchecked Sendable {
    // @unchecked Sendable: `queued`, `finished`, `cancelled`, `waiter` and `onCancel` are only
    // touched while holding `lock`.
    public typealias Element = StreamResponse

    private let lock = NSLock()
    private var queued: [StreamResponse] = []
    private var finished = false
    private var cancelled = false
    private var waiter: CheckedContinuation<Void, Never>?
    private var onCancel: (@Sendable () -> Void)?

    init() {}

    // MARK: - Producer (the task manager)

    /// Queues `event`; ignored once the feed is finished or cancelled.
    func yield(_ event: StreamResponse) {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard !finished, !cancelled else { return nil }
            queued.append(event)
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume()
    }

    /// No more events will come; the consumer drains what is queued.
    func finish() {
        let waiting = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            finished = true
            onCancel = nil
            defer { waiter = nil }
            return waiter
        }
        waiting?.resume()
    }

    /// Called once if the consumer leaves before the feed finishes (the manager drops it then).
    func whenCancelled(_ handler: @escaping @Sendable () -> Void) {
        let runNow = lock.withLock { () -> Bool in
            if cancelled { return !finished }
            onCancel = handler
            return false
        }
        if runNow { handler() }
    }

    // MARK: - Consumer

    /// Every event queued so far, waiting while there is none; nil once the feed is finished
    /// and drained, or cancelled (also by cancelling the waiting task).
    public func nextBatch() async -> [StreamResponse]? {
        while true {
            let ready = lock.withLock { () -> [StreamResponse]?? in
                if cancelled { return .some(nil) }
                if !queued.isEmpty {
                    defer { queued = [] }
                    return .some(queued)
                }
                return finished ? .some(nil) : nil
            }
            if let ready { return ready }
            if Task.isCancelled {
                cancel()
                return nil
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let resumeNow = lock.withLock { () -> Bool in
                        if !queued.isEmpty || finished || cancelled { return true }
                        waiter = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                cancel()
            }
        }
    }

    /// True once the consumer left (a follower of another replica's task stops polling then).
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// True while a consumer is suspended in `nextBatch`, waiting for an event (tests wait for
    /// it so they exercise the wake-up, not the fast path).
    var hasWaitingConsumer: Bool { lock.withLock { waiter != nil } }

    /// Stops consuming: queued and later events are dropped and the manager forgets the feed.
    public func cancel() {
        let (waiting, handler) = lock.withLock { () -> (CheckedContinuation<Void, Never>?, (@Sendable () -> Void)?) in
            guard !cancelled else { return (nil, nil) }
            cancelled = true
            queued = []
            defer {
                waiter = nil
                onCancel = nil
            }
            return (waiter, finished ? nil : onCancel)
        }
        waiting?.resume()
        handler?()
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(feed: self)
    }

    /// Hands out the feed's batches one event at a time.
    public struct Iterator: AsyncIteratorProtocol {
        let feed: TaskEventFeed
        private var batch: [StreamResponse] = []
        private var index = 0

        init(feed: TaskEventFeed) {
            self.feed = feed
        }

        public mutating func next() async -> StreamResponse? {
            if index == batch.count {
                guard let more = await feed.nextBatch() else { return nil }
                batch = more
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }
    }
}
