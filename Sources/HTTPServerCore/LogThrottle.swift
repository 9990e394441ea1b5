import Foundation

/// Lets one log line through per interval and counts the ones it held back, so a failure that
/// repeats thousands of times a second (accept() out of descriptors) costs one line, not a disk.
/// Loop thread only.
final class LogThrottle {
    private let interval: UInt64
    private var last: UInt64?
    private var held = 0

    /// At most one line per `seconds`.
    init(seconds: Double) {
        interval = UInt64(seconds * 1e9)
    }

    /// Nil when the line should be dropped; otherwise how many were dropped since the last one.
    func admit(now: UInt64 = DispatchTime.now().uptimeNanoseconds) -> Int? {
        if let last, now - last < interval {
            held += 1
            return nil
        }
        defer { held = 0 }
        last = now
        return held
    }
}
