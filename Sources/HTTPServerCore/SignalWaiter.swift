import Foundation
import Synchronization

/// Waits for a POSIX signal without installing a C handler: the signals are ignored at the
/// process level and delivered to a dispatch source instead.
public enum SignalWaiter {
    /// Suspends until one of `signals` arrives and returns it; returns nil if the task is cancelled first.
    @discardableResult
    public static func wait(for signals: [Int32]) async -> Int32? {
        let box = SourceBox()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Int32?, Never>) in
                box.arm(continuation)
                for number in signals {
                    signal(number, SIG_IGN)
                    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                    source.setEventHandler { box.finish(number) }
                    box.add(source)
                    source.resume()
                }
                if Task.isCancelled { box.finish(nil) }
            }
        } onCancel: {
            box.finish(nil)
        }
    }

    /// Holds the dispatch sources and the waiting continuation until a signal or cancellation.
    private final class SourceBox: @unchecked Sendable {
        // @unchecked Sendable: every field is guarded by `lock`.
        private let lock = NSLock()
        private var sources: [any DispatchSourceSignal] = []
        private var continuation: CheckedContinuation<Int32?, Never>?
        private var finished = false

        func arm(_ continuation: CheckedContinuation<Int32?, Never>) {
            let alreadyFinished = lock.withLock { () -> Bool in
                if finished { return true }
                self.continuation = continuation
                return false
            }
            if alreadyFinished { continuation.resume(returning: nil) }
        }

        func add(_ source: any DispatchSourceSignal) {
            let cancelNow = lock.withLock { () -> Bool in
                if finished { return true }
                sources.append(source)
                return false
            }
            if cancelNow { source.cancel() }
        }

        func finish(_ number: Int32?) {
            let (continuation, sources) = lock.withLock { () -> (CheckedContinuation<Int32?, Never>?, [any DispatchSourceSignal]) in
                finished = true
                defer { self.continuation = nil; self.sources.removeAll() }
                return (self.continuation, self.sources)
            }
            sources.forEach { $0.cancel() }
            continuation?.resume(returning: number)
        }
    }
}

/// A flag that lets exactly one caller through.
final class OnceFlag: Sendable {
    private let claimed = Atomic<Bool>(false)
    func claim() -> Bool { claimed.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged }
}
