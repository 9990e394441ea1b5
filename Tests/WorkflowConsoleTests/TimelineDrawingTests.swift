import DurableEngine
import Foundation
import Testing
@testable import WorkflowConsole

/// The timeline's SVG from a hand-written history: what a person must see at a glance.
@Suite struct TimelineDrawingTests {
    private func event(_ id: Int, _ seconds: Double, _ type: EventType, _ fill: (inout EventAttributes) -> Void = { _ in })
        -> HistoryEvent {
        var attributes = EventAttributes()
        fill(&attributes)
        return HistoryEvent(eventID: id, eventTime: Date(timeIntervalSince1970: 1_000 + seconds), eventType: type, attributes: attributes)
    }

    private var history: [HistoryEvent] {
        [
            event(1, 0, .workflowExecutionStarted) { $0.workflowType = "RoutingWorkflow" },
            event(2, 0.01, .activityTaskScheduled) {
                $0.activityType = "classify"
                $0.activityID = "3"
                $0.options = ActivityOptions(startToCloseTimeout: .seconds(30),
                                             retryPolicy: RetryPolicy(initialInterval: .seconds(1), backoffCoefficient: 2))
            },
            event(3, 2.5, .activityTaskStarted) {
                $0.scheduledEventID = 2
                $0.attempt = 3
                $0.lastFailure = ActivityFailureInfo(type: "RateLimited", message: "429 <Too Many>")
            },
            event(4, 2.7, .activityTaskCompleted) { $0.scheduledEventID = 2 },
            event(5, 2.7, .markerRecorded) { $0.markerName = "classifier_fallback" },
            event(6, 2.8, .timerStarted) { $0.timerID = "approval" },
            event(7, 4.0, .workflowExecutionSignaled) { $0.signalName = "approve" },
            event(8, 4.1, .workflowExecutionCompleted),
        ]
    }

    @Test func retriesTimersSignalsAndMarkersAreDrawn() {
        let svg = TimelineDrawing(events: history, pending: [], now: Date(timeIntervalSince1970: 2_000)).svg()
        #expect(svg.hasPrefix("<svg class=\"timeline\""))
        #expect(svg.contains(">classify</text>") && svg.contains(">timer approval</text>") && svg.contains(">signals</text>"))
        // The retried step: one orange segment naming the attempts, the backoff and the (escaped) failure.
        #expect(svg.contains("<rect class=\"retry\""))
        #expect(svg.contains("3 attempts · backoff 2.0 s · last failure: 429 &lt;Too Many&gt;"))
        #expect(!svg.contains("<Too Many>"))
        #expect(svg.contains("<rect class=\"ok\""))
        #expect(svg.contains("<circle class=\"signal\"") && svg.contains("signal approve"))
        #expect(svg.contains("<line class=\"marker\"") && svg.contains("classifier_fallback"))
        // A closed run ends its axis at the close, not at "now" (1,000 s later).
        #expect(svg.contains(">4.0 s</text>") && !svg.contains(" min "))
        #expect(svg.contains("ended by signal approve"))
    }

    @Test func tickStepsAreRoundAndFew() {
        #expect(TimelineDrawing.tickStep(0.9) == 0.2)
        #expect(TimelineDrawing.tickStep(4.1) == 1)
        #expect(TimelineDrawing.tickStep(3_600) == 600)
        for span in [0.003, 0.5, 7.0, 95.0, 20_000.0] { #expect(span / TimelineDrawing.tickStep(span) <= 8) }
    }
}
