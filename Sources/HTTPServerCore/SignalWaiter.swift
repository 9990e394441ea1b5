import Foundation

/// Waits for a POSIX signal without installing a C handler: the signals are ignored at the
/// process level and delivered to a dispatch source instead.
public enum SignalWaiter {
    /// Suspends until one of `signals` arrives and returns it.
    public static func wait(for signals: [Int32]) async -> Int32 {
        let box = SourceBox()
        return await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let once = OnceFlag()
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    guard once.claim() else { return }
                    box.cancelAll()
                    continuation.resume(returning: number)
                }
                box.add(source)
                source.resume()
            }
        }
    }

    /// Holds the dispatch sources until a signal arrives.
    private final class SourceBox: @unchecked Sendable {
        // @unchecked Sendable: `sources` is guarded by `lock`.
        private let lock = NSLock()
        private var sources: [any DispatchSourceSignal] = []
        func add(_ source: any DispatchSourceSignal) { lock.withLock { sources.append(source) } }
        func cancelAll() { lock.withLock { sources.forEach { $0.cancel() }; sources.removeAll() } }
    }
}

/// A flag that lets exactly one caller through.
final class OnceFlag: @unchecked Sendable {
    // @unchecked Sendable: `claimed` is guarded by `lock`.
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool { lock.withLock { if claimed { return false }; claimed = true; return true } }
}
