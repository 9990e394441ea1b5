import A2AProtocol
import Foundation
import Testing
@testable import AgentServer

/// The task store is bounded by the bytes of its finished tasks, not only by their count.
@Suite struct TaskByteBudgetTests {
    func entry(_ id: String, state: TaskState, answer: Int) -> TaskEntry {
        var task = A2ATask(id: id, contextId: "c-\(id)", status: TaskStatus(state: state))
        task.artifacts = [Artifact(artifactId: "a-\(id)", parts: [.text(String(repeating: "x", count: answer))])]
        return TaskEntry(task: task, messageIds: ["m-\(id)"], createdAt: Date(), updatedAt: Date(), events: [])
    }

    @Test func theOldestFinishedTasksGoWhenTheBytesRunOut() throws {
        let store = try TaskStore(capacity: 10_000, byteBudget: 100_000, ttl: 3600, databasePath: nil)
        store.insert(entry("running", state: .working, answer: 60_000))
        for index in 0..<10 { store.insert(entry("done-\(index)", state: .completed, answer: 10_000)) }
        // Each finished task is estimated at about 20 KB: the oldest go until the rest fit.
        #expect(store.finishedBytes <= 100_000)
        #expect(store.peek(id: "done-0") == nil)
        #expect(store.peek(id: "done-9") != nil)
        #expect(store.count < 11)
        // A running task is never dropped and does not count until it finishes.
        #expect(store.peek(id: "running") != nil)
        store.update(id: "running") { $0.task.status = TaskStatus(state: .completed) }
        #expect(store.finishedBytes <= 100_000)
        #expect(store.entry(messageId: "m-done-0") == nil)
    }

    @Test func aFinishedTaskDropsItsReplayLog() async throws {
        let manager = try TaskManager(executor: ScriptedExecutor())
        let stream = try await manager.stream(SendMessageRequest(message: Message(
            messageId: "replay", role: .user, parts: [.text("hi")])))
        var live: [StreamResponse] = []
        for try await event in stream { live.append(event) }
        #expect(live.count > 3)   // the task, working, the answer's chunks, completed
        let resend = try await manager.stream(SendMessageRequest(message: Message(
            messageId: "replay", role: .user, parts: [.text("hi")])))
        var replayed: [StreamResponse] = []
        for try await event in resend { replayed.append(event) }
        guard replayed.count == 1, case .task(let task) = replayed[0] else {
            Issue.record("a finished task should answer a resend with itself, got \(replayed.count) events")
            return
        }
        #expect(task.status.state == .completed)
        #expect(task.artifacts?.first?.text == "Hello, world.")
    }
}
