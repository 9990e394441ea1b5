import Foundation

/// Renews a worker's leases every third of the lease on a thread of its own, so that a busy or
/// starved cooperative pool (CPU-bound activities, a 2-core machine) cannot make a live worker
/// look dead and lose its claims to another.
final class LeaseRenewer: @unchecked Sendable {
    // @unchecked Sendable: `stopping` and `finished` are read and written only while holding
    // `condition`; the other properties are constants.
    private let condition = NSCondition()
    private var stopping = false
    private var finished = false
    private let interval: Double
    private let renew: @Sendable () throws -> Void
    private let failed: @Sendable (any Error) -> Void

    /// Calls `renew` every `interval` seconds until `stop()`; `failed` hears its errors.
    init(interval: Double, renew: @escaping @Sendable () throws -> Void, failed: @escaping @Sendable (any Error) -> Void) {
        self.interval = interval
        self.renew = renew
        self.failed = failed
    }

    /// Starts the renewing thread.
    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "lease-renewer"
        thread.start()
    }

    /// Stops renewing and returns once the thread has finished its last renewal.
    func stop() {
        condition.withLock {
            stopping = true
            condition.broadcast()
            while !finished { condition.wait() }
        }
    }

    private func loop() {
        condition.lock()
        while !stopping {
            let timedOut = !condition.wait(until: Date().addingTimeInterval(interval))
            guard timedOut, !stopping else { continue }
            condition.unlock()
            do { try renew() } catch { failed(error) }
            condition.lock()
        }
        finished = true
        condition.broadcast()
        condition.unlock()
    }
}
