import Foundation

/// Per-client token buckets: each address may spend `rate` requests per second with bursts up
/// to `burst`. Thread-safe.
public final class RateLimiter: @unchecked Sendable {
    // @unchecked Sendable: `buckets` and `lastSweep` are only touched while holding `lock`.
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private let rate: Double
    private let burst: Double
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]
    private var lastSweep: Double = 0

    public init(rate: Double, burst: Double) {
        self.rate = max(rate, 0.001)
        self.burst = max(burst, 1)
    }

    /// Takes one token for `client`. Returns nil when allowed, or the seconds to wait.
    public func acquire(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Double? {
        lock.withLock {
            if now - lastSweep > 60 { sweep(now) }
            var bucket = buckets[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                buckets[client] = bucket
                return nil
            }
            buckets[client] = bucket
            return (1 - bucket.tokens) / rate
        }
    }

    /// Drops buckets that have refilled completely (they carry no state).
    private func sweep(_ now: Double) {
        lastSweep = now
        buckets = buckets.filter { min(burst, $0.value.tokens + (now - $0.value.updated) * rate) < burst }
    }
}
