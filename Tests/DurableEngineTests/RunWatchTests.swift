import AgentTesting
import Foundation
import Testing
@testable import DurableEngine

/// A `RunWatch` wakes for the changes of its own workflow, at once, and not for others'.
@Suite struct RunWatchTests {
    /// Long enough that a test which relied on the poll would be seen to hang.
    static let longPoll: Duration = .seconds(60)

    /// A client on a fresh history file, and a watch on a run there that waits for a signal.
    static func watchedRun(_ id: String, path: String = temporaryStorePath()) async throws -> (WorkflowClient, RunWatch) {
        let client = WorkflowClient(store: try WorkflowStore(path: path))
        let run = try await client.start(Approval.self, input: 60, id: id)
        return (client, client.watch(workflowID: run.workflowID))
    }

    /// True when `waiting` ends well before the long poll would have ended it.
    static func endsBeforeThePoll(_ waiting: Task<Void, Never>) async -> Bool {
        let started = ContinuousClock.now
        await waiting.value
        return started.duration(to: .now) < longPoll / 2
    }

    @Test func aSignalToTheWorkflowWakesItsWatchAtOnce() async throws {
        let (client, watch) = try await Self.watchedRun("watched")
        let stamp = watch.stamp
        let waiting = Task { await watch.wait(after: stamp, poll: Self.longPoll) }
        try client.signal(workflowID: watch.workflowID, name: "approve", payload: "ok")
        #expect(await Self.endsBeforeThePoll(waiting), "the wait ended by its poll, not by the signal")
        #expect(watch.stamp != stamp)
    }

    @Test func aChangeBetweenTheStampAndTheWaitIsNotMissed() async throws {
        let (client, watch) = try await Self.watchedRun("raced")
        let stamp = watch.stamp
        try client.signal(workflowID: watch.workflowID, name: "approve", payload: "ok")
        #expect(await Self.endsBeforeThePoll(Task { await watch.wait(after: stamp, poll: Self.longPoll) }))
    }

    @Test func anotherWorkflowsChangeDoesNotCount() async throws {
        let (client, watch) = try await Self.watchedRun("mine")
        let other = try await client.start(Approval.self, input: 60, id: "theirs")
        let stamp = watch.stamp
        try client.signal(workflowID: other.workflowID, name: "approve", payload: "ok")
        try client.cancel(workflowID: other.workflowID)
        #expect(watch.stamp == stamp)
        try client.cancel(workflowID: watch.workflowID)
        #expect(watch.stamp != stamp)
    }

    @Test func cancellingTheWaitingTaskEndsTheWait() async throws {
        let (_, watch) = try await Self.watchedRun("idle")
        let waiting = Task { await watch.wait(after: watch.stamp, poll: Self.longPoll) }
        waiting.cancel()
        #expect(await Self.endsBeforeThePoll(waiting))
    }

    /// Another store on the file stands in for another process: its commit reaches this one
    /// through the wake-up files, without a workflow ID, and wakes every watch.
    @Test func aCommitByAnotherProcessWakesTheWatch() async throws {
        let path = temporaryStorePath()
        let (_, watch) = try await Self.watchedRun("shared", path: path)
        let other = WorkflowClient(store: try WorkflowStore(path: path))
        #expect(watch.seesOtherProcesses)
        let stamp = watch.stamp
        let waiting = Task { await watch.wait(after: stamp, poll: Self.longPoll) }
        try other.signal(workflowID: watch.workflowID, name: "approve", payload: "ok")
        #expect(await Self.endsBeforeThePoll(waiting))
    }

    /// Progress lines read only what was committed: a streamed chunk must not make them read the run.
    @Test func liveOutputDoesNotWakeAWatchOfCommitsOnly() async throws {
        let (client, watch) = try await Self.watchedRun("commits-only")
        let stamp = watch.stamp
        let started = ContinuousClock.now
        let waiting = Task { await watch.wait(after: stamp, poll: .milliseconds(300)) }
        try await Task.sleep(for: .milliseconds(20))
        client.store.runChanges.signal(watch.workflowID, committed: false)
        await waiting.value
        #expect(started.duration(to: .now) >= .milliseconds(250), "a chunk of live output woke a watch of commits")
        let live = Task { await watch.wait(after: stamp, poll: Self.longPoll, liveOutput: true) }
        #expect(await Self.endsBeforeThePoll(live), "a follower of live output missed the chunk")
    }

    @Test func liveOutputWakesTheWatchOfItsWorkflow() async throws {
        let store = try WorkflowStore(path: temporaryStorePath())
        let client = WorkflowClient(store: store)
        let gate = AsyncGate()
        let activities = ActivityRegistry()
        activities.register("speak") { (text: String, context: ActivityContext) -> String in
            context.publish(text)
            await gate.wait()
            return text
        }
        let (worker, running) = try await readyWorker(store, workflows: [Speak()], activities: activities)
        defer {
            worker.shutdown()
            running.cancel()
        }
        let watch = client.watch(workflowID: "speaker")
        var stamp = watch.stamp
        _ = try await client.start(Speak.self, input: "hello", id: "speaker")
        var published: [LiveChunk] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while published.isEmpty, ContinuousClock.now < deadline {
            await watch.wait(after: stamp, poll: Self.longPoll, liveOutput: true)
            stamp = watch.stamp
            let runID = try client.describe(workflowID: "speaker").record.runID
            published = client.liveOutput(runID: runID).chunks
        }
        #expect(published.map(\.text) == ["hello"])
        gate.open()
        #expect(try await client.result(workflowID: "speaker", as: String.self, timeout: .seconds(30)) == "hello")
    }
}

/// Publishes its input live, then returns it.
struct Speak: WorkflowDefinition {
    static let workflowType = "Speak"
    func run(_ context: WorkflowContext, input: String) async throws -> String {
        try await context.executeActivity("speak", input: input, returning: String.self, options: fastOptions)
    }
}
