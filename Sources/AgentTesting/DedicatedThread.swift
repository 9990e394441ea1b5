import Foundation

/// Runs blocking work (a blocking read, a wait for a lock, a long synchronous loop) on a fresh
/// thread and returns its result, so the cooperative pool (one thread per core) is not held.
public func onDedicatedThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
        thread.start()
    }
}
