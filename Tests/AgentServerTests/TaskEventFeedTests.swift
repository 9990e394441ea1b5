import A2AProtocol
import AgentTesting
import Foundation
import Testing
@testable import AgentServer

/// The feed between the task manager and a streaming response.
@Suite struct TaskEventFeedTests {
    static func event(_ n: Int) -> StreamResponse {
        .statusUpdate(TaskStatusUpdateEvent(taskId: "t\(n)", contextId: "c", status: TaskStatus(state: .working)))
    }

    @Test func queuedEventsComeAsOneBatchInOrderThenNil() async {
        let feed = TaskEventFeed()
        for n in 0..<3 { feed.yield(Self.event(n)) }
        feed.finish()
        feed.yield(Self.event(9))  // after finish: dropped
        #expect(await feed.nextBatch() == (0..<3).map(Self.event))
        #expect(await feed.nextBatch() == nil)
    }

    @Test func waitingConsumerWakesForTheNextEvent() async {
        let feed = TaskEventFeed()
        let returned = CallCounter()
        let consumer = Task {
            defer { returned.add() }
            return await feed.nextBatch()
        }
        // The consumer must be suspended before the event comes, or the fast path serves it.
        #expect(await eventually { feed.hasWaitingConsumer })
        feed.yield(Self.event(1))
        guard await eventually({ returned.value == 1 }) else {
            Issue.record("yield did not wake the waiting consumer")
            consumer.cancel()
            return
        }
        #expect(await consumer.value == [Self.event(1)])
    }

    @Test func iteratorYieldsEveryEvent() async {
        let feed = TaskEventFeed()
        Task {
            for n in 0..<50 {
                feed.yield(Self.event(n))
                if n % 7 == 0 { await Task.yield() }
            }
            feed.finish()
        }
        var seen: [StreamResponse] = []
        for await event in feed { seen.append(event) }
        #expect(seen == (0..<50).map(Self.event))
    }

    @Test func cancellingTheConsumerTellsTheProducerOnce() async {
        let feed = TaskEventFeed()
        let calls = CallCounter()
        feed.whenCancelled { calls.add() }
        let returned = CallCounter()
        let consumer = Task {
            defer { returned.add() }
            return await feed.nextBatch()
        }
        // Cancel while it waits, so the cancellation handler has to wake it.
        #expect(await eventually { feed.hasWaitingConsumer })
        consumer.cancel()
        guard await eventually({ returned.value == 1 }) else {
            Issue.record("cancelling did not wake the waiting consumer")
            feed.finish()
            return
        }
        #expect(await consumer.value == nil)
        feed.cancel()
        #expect(calls.value == 1)
        feed.yield(Self.event(1))
        #expect(await feed.nextBatch() == nil)
    }

    @Test func aFinishedFeedDoesNotReportCancellation() {
        let feed = TaskEventFeed()
        let calls = CallCounter()
        feed.whenCancelled { calls.add() }
        feed.finish()
        feed.cancel()
        #expect(calls.value == 0)
    }

    @Test func aHandlerSetAfterCancelRunsAtOnce() {
        let feed = TaskEventFeed()
        feed.cancel()
        let calls = CallCounter()
        feed.whenCancelled { calls.add() }
        #expect(calls.value == 1)
    }
}
