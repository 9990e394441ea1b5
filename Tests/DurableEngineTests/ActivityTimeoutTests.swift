import DurableEngine
import Foundation
import Testing

/// Start-to-close and heartbeat timeouts: the overrunning attempt is cancelled, the timeout is
/// recorded, and the retry policy decides what follows.
@Suite("Activity timeouts") struct ActivityTimeoutTests {
    /// Calls `slow`, which hangs on its first attempt (and heartbeats once when asked to).
    struct SlowOnce: WorkflowDefinition {
        static let workflowType = "SlowOnce"
        struct Input: Codable, Sendable {
            var heartbeat: Bool
            var maximumAttempts: Int
        }
        func run(_ context: WorkflowContext, input: Input) async throws -> Int {
            let options = ActivityOptions(
                startToCloseTimeout: input.heartbeat ? .seconds(30) : .milliseconds(300),
                heartbeatTimeout: input.heartbeat ? .milliseconds(300) : nil,
                retryPolicy: RetryPolicy(initialInterval: .milliseconds(10), maximumAttempts: input.maximumAttempts))
            return try await context.executeActivity("slow", input: input.heartbeat, returning: Int.self, options: options)
        }
    }

    private func slowActivities(_ counter: Counter) -> ActivityRegistry {
        let activities = ActivityRegistry()
        activities.register("slow") { (heartbeat: Bool, context: ActivityContext) async throws -> Int in
            if context.attempt == 1 {
                if heartbeat { context.heartbeat("started") }
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    _ = counter.increment("cancelled")
                    throw error
                }
            }
            return context.attempt
        }
        return activities
    }

    /// A worker for `SlowOnce` on a fresh history file, its client, and the cancellation counter.
    private func slowWorker() throws -> (Worker, WorkflowClient, Counter) {
        let store = try WorkflowStore(path: temporaryStorePath(), durability: .normal)
        let counter = Counter()
        let worker = Worker(store: store, workflows: [SlowOnce()], activities: slowActivities(counter),
                            options: fastWorkerOptions())
        return (worker, WorkflowClient(store: store), counter)
    }

    @Test func anAttemptOverItsStartToCloseLimitIsCancelledAndRetried() async throws {
        let (worker, client, counter) = try slowWorker()
        let began = Date()
        let attempt = try await withWorker(worker) {
            try await client.start(SlowOnce.self, input: .init(heartbeat: false, maximumAttempts: 3), id: "slow")
            return try await client.result(workflowID: "slow", as: Int.self, timeout: .seconds(10))
        }
        #expect(attempt == 2)
        // Well under the attempt's 30 s, with room for a loaded machine: it was cut short, not waited out.
        #expect(Date().timeIntervalSince(began) < 20, "the 30 s attempt was not cut short")
        #expect(counter.value("cancelled") == 1, "the timed-out attempt's task was not cancelled")
        let started = try client.history(workflowID: "slow").first { $0.eventType == .activityTaskStarted }
        #expect(started?.attributes.lastFailure?.type == "TemporalTimeout:StartToClose")
    }

    @Test func aMissedHeartbeatTimesTheActivityOut() async throws {
        let (worker, client, counter) = try slowWorker()
        let failure = try await withWorker(worker) { () -> WorkflowFailed? in
            try await client.start(SlowOnce.self, input: .init(heartbeat: true, maximumAttempts: 1), id: "silent")
            do {
                _ = try await client.result(workflowID: "silent", as: Int.self, timeout: .seconds(10))
                return nil
            } catch let failed as WorkflowFailed {
                return failed
            }
        }
        #expect(failure?.status == .failed)
        let events = try client.history(workflowID: "silent")
        let timedOut = events.first { $0.eventType == .activityTaskTimedOut }
        #expect(timedOut?.attributes.failure?.type == "TemporalTimeout:Heartbeat")
        #expect(counter.value("cancelled") == 1)
    }
}
