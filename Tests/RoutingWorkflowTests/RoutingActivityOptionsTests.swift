import RoutingWorkflow
import Testing

/// A worker outage must not fail a routed question: no routing activity may carry a clock that
/// runs while it waits for a worker.
@Suite struct RoutingActivityOptionsTests {
    @Test func noRoutingActivityTimesOutWhileWaitingForAWorker() {
        for options in [RoutingActivityOptions.quick, RoutingActivityOptions.model, RoutingActivityOptions.agentCall] {
            #expect(options.scheduleToCloseTimeout == nil)
            #expect(options.startToCloseTimeout != nil)
            #expect(options.retryPolicy.maximumAttempts > 0, "giving up must be bounded by attempts")
        }
    }
}
