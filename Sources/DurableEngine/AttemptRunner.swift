import Foundation

/// Runs an attempt's body against its time limit and heartbeat timeout. The body runs in its
/// own task; when a limit is hit it is cancelled and not waited for.
enum AttemptRunner {
    static func run(body: @escaping @Sendable () async throws -> Payload, limit: Double, heartbeatTimeout: Double?,
                    context: ActivityContext) async -> Result<Payload, any Error> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<Payload, any Error>, Never>) in
            let once = OnceGate()
            let work = Task {
                let result: Result<Payload, any Error>
                do { result = .success(try await body()) } catch { result = .failure(error) }
                if once.claim() { continuation.resume(returning: result) }
            }
            Task {
                let start = Date()
                while !work.isCancelled {
                    try? await Task.sleep(for: .milliseconds(100))
                    if once.isClaimed { return }
                    let elapsed = Date().timeIntervalSince(start)
                    var timeout: ActivityTimeout?
                    if elapsed > limit {
                        timeout = ActivityTimeout(kind: "start-to-close", limit: .seconds(limit))
                    } else if let heartbeatTimeout, context.secondsSinceHeartbeat > heartbeatTimeout {
                        timeout = ActivityTimeout(kind: "heartbeat", limit: .seconds(heartbeatTimeout))
                    }
                    if let timeout, once.claim() {
                        work.cancel()
                        continuation.resume(returning: .failure(timeout))
                        return
                    }
                }
            }
        }
    }
}
