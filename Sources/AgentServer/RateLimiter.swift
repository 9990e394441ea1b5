import Foundation
import Synchronization

/// Per-client token buckets: each address may spend `rate` requests per second with bursts up
/// to `burst`. Thread-safe.
public final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: Double
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var lastSweep: Double = 0
    }

    private let rate: Double
    private let burst: Double
    private let state = Mutex(State())

    public init(rate: Double, burst: Double) {
        self.rate = max(rate, 0.001)
        self.burst = max(burst, 1)
    }

    /// Takes one token for `client`. Returns nil when allowed, or the seconds to wait.
    public func acquire(_ client: String, now: Double = ProcessInfo.processInfo.systemUptime) -> Double? {
        state.withLock { state in
            if now - state.lastSweep > 60 { sweep(&state, now) }
            var bucket = state.buckets[client] ?? Bucket(tokens: burst, updated: now)
            bucket.tokens = min(burst, bucket.tokens + (now - bucket.updated) * rate)
            bucket.updated = now
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                state.buckets[client] = bucket
                return nil
            }
            state.buckets[client] = bucket
            return (1 - bucket.tokens) / rate
        }
    }

    /// Drops buckets that have refilled completely (they carry no state).
    private func sweep(_ state: inout State, _ now: Double) {
        state.lastSweep = now
        state.buckets = state.buckets.filter { min(burst, $0.value.tokens + (now - $0.value.updated) * rate) < burst }
    }
}
