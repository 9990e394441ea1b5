import DurableEngine
import Foundation
import TemporalProtos
import Testing
@testable import TemporalBackend

/// Replays recorded Temporal histories (Fixtures/) through the decider, task by task: at each
/// recorded workflow task, the commands it decides must be the command events the server
/// recorded after that task completed, in order. A changed workflow must fail the task as
/// NON_DETERMINISTIC_ERROR and name both sides.
@Suite("Temporal replay") struct ReplayTests {
    typealias Event = Temporal_Api_History_V1_HistoryEvent

    func decider(_ workflows: [any WorkflowDefinition] = FixtureActivities.workflows) -> WorkflowTaskDecider {
        WorkflowTaskDecider(workflows: AnyWorkflow.byType(workflows), taskQueue: "replay", identity: "replay-test", namespace: "default",
                            payloads: TemporalPayloads(codec: PayloadCodec(keyBytes: nil)))
    }

    /// The poll response of the workflow task whose WorkflowTaskStarted is at `startedIndex`.
    func task(_ events: [Event], startedIndex: Int) -> TPollWorkflowTask {
        var task = TPollWorkflowTask()
        task.taskToken = Data("token".utf8)
        task.workflowExecution.workflowID = "replay"
        task.workflowExecution.runID = "run"
        task.workflowType = events[0].workflowExecutionStartedEventAttributes.workflowType
        task.startedEventID = events[startedIndex].eventID
        task.history.events = Array(events[...startedIndex])
        return task
    }

    /// A short description of a command or a command event, comparable across the two.
    func describe(_ command: TCommand) -> String {
        switch command.attributes {
        case .scheduleActivityTaskCommandAttributes(let a): "activity \(a.activityID) \(a.activityType.name)"
        case .startTimerCommandAttributes(let a): "timer \(a.timerID)"
        case .recordMarkerCommandAttributes(let a): "marker \(a.markerName)"
        case .completeWorkflowExecutionCommandAttributes(let a): "complete \(String(decoding: a.result.payloads.first?.data ?? Data(), as: UTF8.self))"
        case .failWorkflowExecutionCommandAttributes(let a): "fail \(a.failure.message)"
        case .continueAsNewWorkflowExecutionCommandAttributes(let a):
            "continue as new \(a.workflowType.name) \(String(decoding: a.input.payloads.first?.data ?? Data(), as: UTF8.self))"
        default: "\(command.commandType)"
        }
    }

    func describe(_ event: Event) -> String? {
        switch event.attributes {
        case .activityTaskScheduledEventAttributes(let a): "activity \(a.activityID) \(a.activityType.name)"
        case .timerStartedEventAttributes(let a): "timer \(a.timerID)"
        case .markerRecordedEventAttributes(let a): "marker \(a.markerName)"
        case .workflowExecutionCompletedEventAttributes(let a): "complete \(String(decoding: a.result.payloads.first?.data ?? Data(), as: UTF8.self))"
        case .workflowExecutionFailedEventAttributes(let a): "fail \(a.failure.message)"
        case .workflowExecutionContinuedAsNewEventAttributes(let a):
            "continue as new \(a.workflowType.name) \(String(decoding: a.input.payloads.first?.data ?? Data(), as: UTF8.self))"
        default: nil
        }
    }

    /// Replays every completed workflow task of a fixture; returns how many were checked.
    func replayEveryTask(_ name: String) async throws -> Int {
        let events = try FixtureHistory.load(name)
        var checked = 0
        for (index, event) in events.enumerated() where event.eventType == .workflowTaskCompleted {
            let startedIndex = try #require(events[..<index].lastIndex { $0.eventType == .workflowTaskStarted })
            let recorded = events[(index + 1)...].prefix { describe($0) != nil }.compactMap(describe)
            guard case .completed(let answer) = await decider().decide(task(events, startedIndex: startedIndex)) else {
                Issue.record("task at event \(events[startedIndex].eventID) of \(name) was not completed")
                continue
            }
            #expect(answer.commands.map(describe) == recorded, "\(name), task at event \(events[startedIndex].eventID)")
            checked += 1
        }
        return checked
    }

    @Test func happyPathReplaysTaskByTask() async throws {
        #expect(try await replayEveryTask("greeting") == 2)
    }

    @Test func activityRetryIsTheServersBusinessAndReplaysTheSame() async throws {
        let events = try FixtureHistory.load("retry")
        let started = events.first { $0.eventType == .activityTaskStarted }?.activityTaskStartedEventAttributes
        #expect(started?.attempt == 2, "the activity completed on its second attempt")
        #expect(started?.lastFailure.applicationFailureInfo.type == "Flaky")
        #expect(try await replayEveryTask("retry") == 2)
    }

    @Test func timerAndMarkerReplay() async throws {
        #expect(try await replayEveryTask("timer") == 2)
    }

    @Test func signalWaitReplaysAndAnswersQueries() async throws {
        #expect(try await replayEveryTask("signal") == 2)
        // A legacy query task on the history before the signal: the workflow's published state.
        let events = try FixtureHistory.load("signal")
        let firstStarted = try #require(events.firstIndex { $0.eventType == .workflowTaskStarted })
        var query = task(events, startedIndex: firstStarted)
        query.query.queryType = "state"
        guard case .query(let answer) = await decider().decide(query) else {
            Issue.record("a query task was not answered as one")
            return
        }
        #expect(answer.completedType == .answered)
        #expect(String(decoding: answer.queryResult.payloads[0].data, as: UTF8.self) == "\"waiting for approval of leave\"")
    }

    @Test func aChangedActivityIsNonDeterminismNamingBothSides() async throws {
        let events = try FixtureHistory.load("greeting")
        let lastStarted = try #require(events.lastIndex { $0.eventType == .workflowTaskStarted })
        let changed = decider([GreetingWorkflow(activity: "farewell")])
        guard case .failed(let answer) = await changed.decide(task(events, startedIndex: lastStarted)) else {
            Issue.record("a changed workflow was not failed")
            return
        }
        #expect(answer.cause == .nonDeterministicError)
        #expect(answer.failure.message.contains("ActivityTaskScheduled(greet)"), "\(answer.failure.message)")
        #expect(answer.failure.message.contains("ActivityTaskScheduled(farewell)"), "\(answer.failure.message)")
    }

    @Test func continueAsNewReplaysBothRuns() async throws {
        #expect(try await replayEveryTask("continue-as-new") == 2)
        #expect(try await replayEveryTask("continue-as-new-last") == 2)
        // The second run is the one the first started, and it knows where it came from.
        let first = try FixtureHistory.load("continue-as-new"), last = try FixtureHistory.load("continue-as-new-last")
        let continued = try #require(first.last?.workflowExecutionContinuedAsNewEventAttributes)
        let firstStart = try #require(first.first?.workflowExecutionStartedEventAttributes)
        let lastStart = try #require(last.first?.workflowExecutionStartedEventAttributes)
        #expect(!continued.newExecutionRunID.isEmpty && lastStart.originalExecutionRunID == continued.newExecutionRunID)
        #expect(lastStart.continuedExecutionRunID == firstStart.originalExecutionRunID)
    }

    @Test func aHistoryWithMoreCommandsThanTheCodeIssuesIsNonDeterminism() async throws {
        // The recorded run scheduled "greet"; the code now completes without it.
        let events = try FixtureHistory.load("greeting")
        let lastStarted = try #require(events.lastIndex { $0.eventType == .workflowTaskStarted })
        guard case .failed(let answer) = await decider([GreetingWorkflow(activity: nil)]).decide(task(events, startedIndex: lastStarted))
        else {
            Issue.record("a workflow that dropped a recorded command was not failed")
            return
        }
        #expect(answer.cause == .nonDeterministicError)
        #expect(answer.failure.message.contains("ActivityTaskScheduled(greet)"), "\(answer.failure.message)")
        #expect(answer.failure.message.contains("CompleteWorkflowExecution"), "\(answer.failure.message)")
        // The same code on a history that recorded no command yet is new work, not a mismatch.
        let firstStarted = try #require(events.firstIndex { $0.eventType == .workflowTaskStarted })
        guard case .completed = await decider([GreetingWorkflow(activity: nil)]).decide(task(events, startedIndex: firstStarted)) else {
            Issue.record("the first task of the changed code was not completed")
            return
        }
    }

    @Test func anUnregisteredWorkflowTypeFailsTheTaskWithTheCause() async throws {
        let events = try FixtureHistory.load("greeting")
        guard case .failed(let answer) = await decider([TimerWorkflow()]).decide(task(events, startedIndex: 2)) else {
            Issue.record("an unknown type was not failed")
            return
        }
        #expect(answer.cause == .workflowWorkerUnhandledFailure)
        #expect(answer.failure.message.contains("workflow type Greeting is not registered"))
    }

    @Test func aPayloadInAnotherEncodingIsRefusedByName() async throws {
        var events = try FixtureHistory.load("greeting")
        events[0].workflowExecutionStartedEventAttributes.input.payloads[0].metadata["encoding"] = Data("binary/protobuf".utf8)
        guard case .failed(let answer) = await decider().decide(task(events, startedIndex: 2)) else {
            Issue.record("an unreadable input was not refused")
            return
        }
        #expect(answer.failure.message.contains("binary/protobuf"), "\(answer.failure.message)")
    }
}
