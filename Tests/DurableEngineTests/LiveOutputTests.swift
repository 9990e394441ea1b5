import AgentTesting
import Foundation
import Testing
@testable import DurableEngine

/// Live output stays in the publishing process's memory unless a reader in another process
/// subscribes; a subscriber gets every record, those published before it came too.
@Suite struct LiveOutputTests {
    /// A worker whose `speak` activity publishes "one", "two", then waits for `gate` to open,
    /// publishes "three", and returns once `end` opens.
    static func speakingWorker(_ store: WorkflowStore, gate: AsyncGate, end: AsyncGate) async throws
        -> (Worker, Task<Void, any Error>)
    {
        let activities = ActivityRegistry()
        activities.register("speak") { (text: String, context: ActivityContext) -> String in
            context.publish("one")
            context.publish("two")
            await gate.wait()
            context.publish("three")
            await end.wait()
            return text
        }
        return try await readyWorker(store, workflows: [Speak()], activities: activities)
    }

    /// A fresh history file with a speaking worker on it, its gates, and what stops the worker.
    static func speaking() async throws
        -> (path: String, store: WorkflowStore, gate: AsyncGate, end: AsyncGate, stop: @Sendable () -> Void)
    {
        let path = temporaryStorePath()
        let store = try WorkflowStore(path: path)
        let (gate, end) = (AsyncGate(), AsyncGate())
        let (worker, running) = try await speakingWorker(store, gate: gate, end: end)
        return (path, store, gate, end, {
            worker.shutdown()
            running.cancel()
        })
    }

    /// Reads the run's live output with `client`, once and then until it holds `count` records (or 30 s pass).
    static func read(_ client: WorkflowClient, runID: String, atLeast count: Int, from start: LiveOutputCursor = LiveOutputCursor())
        async throws -> ([String], LiveOutputCursor)
    {
        var cursor = start
        var texts: [String] = []
        let deadline = ContinuousClock.now + .seconds(30)
        repeat {
            let (chunks, next) = client.liveOutput(runID: runID, after: cursor)
            texts += chunks.map(\.text)
            cursor = next
            if texts.count < count { try await Task.sleep(for: .milliseconds(5)) }
        } while texts.count < count && ContinuousClock.now < deadline
        return (texts, cursor)
    }

    static func liveFiles(_ path: String) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: path + "-live")) ?? []
    }

    @Test func aReaderInThePublishingProcessMakesNoFile() async throws {
        let (path, store, gate, end, stop) = try await Self.speaking()
        defer { stop() }
        let client = WorkflowClient(store: store)
        let run = try await client.start(Speak.self, input: "done", id: "here")
        let (first, cursor) = try await Self.read(client, runID: run.runID, atLeast: 2)
        #expect(first == ["one", "two"])
        #expect(Self.liveFiles(path).isEmpty, "a run's file was made with no reader in another process")
        gate.open()
        let (rest, _) = try await Self.read(client, runID: run.runID, atLeast: 1, from: cursor)
        #expect(rest == ["three"])
        end.open()
        #expect(try await client.result(workflowID: "here", as: String.self, timeout: .seconds(30)) == "done")
        #expect(client.liveOutput(runID: run.runID, after: cursor).chunks.isEmpty, "the output outlived its run")
    }

    @Test func aReaderInAnotherProcessGetsEveryRecordFromTheFile() async throws {
        let (path, store, gate, end, stop) = try await Self.speaking()
        defer { stop() }
        let run = try await WorkflowClient(store: store).start(Speak.self, input: "done", id: "elsewhere")
        // Wait until the attempt published its first two records, with nobody subscribed.
        _ = try await Self.read(WorkflowClient(store: store), runID: run.runID, atLeast: 2)
        #expect(Self.liveFiles(path).isEmpty)

        // A store of its own on the file: another process, as far as the engine can tell.
        let other = WorkflowClient(store: try WorkflowStore(path: path))
        let (before, cursor) = try await Self.read(other, runID: run.runID, atLeast: 0)
        #expect(before.isEmpty, "nothing is in the file until the publisher sees it")
        #expect(Self.liveFiles(path).count == 1, "the reader subscribes by making the run's file")
        gate.open()
        let (texts, _) = try await Self.read(other, runID: run.runID, atLeast: 3, from: cursor)
        #expect(texts == ["one", "two", "three"])
        end.open()
        #expect(try await other.result(workflowID: "elsewhere", as: String.self, timeout: .seconds(30)) == "done")
        #expect(Self.liveFiles(path).isEmpty, "the run's file outlived its run")
    }
}
