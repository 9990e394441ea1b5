import A2AProtocol
@testable import AgentServer
import AgentTesting
import Foundation
import Testing

/// Two task managers on one tasks file, as two replicas of an agent: a conversation may move
/// from one to the other between turns.
@Suite struct SharedTaskManagersTests {
    @Test func aFollowUpOnTheOtherReplicaContinuesTheTask() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let configuration = AgentServerConfiguration(tasksDatabasePath: path)
        let a = try TaskManager(executor: TCKScenarioExecutor(), configuration: configuration)
        let b = try TaskManager(executor: TCKScenarioExecutor(), configuration: configuration)
        let first = try await a.send(SendMessageRequest(message: Message(
            messageId: "tck-input-required-turn-1", role: .user, parts: [.text("start")])))
        #expect(first.status.state == .inputRequired)
        #expect(try await b.task(id: first.id).status.state == .inputRequired)
        let followUp = try await b.send(SendMessageRequest(message: Message(
            messageId: "tck-complete-task-turn-2", role: .user, parts: [.text("more")], taskId: first.id)))
        #expect(followUp.id == first.id && followUp.status.state == .completed)
        #expect(followUp.history?.map(\.messageId) == ["tck-input-required-turn-1", "tck-complete-task-turn-2"])
        // A, which computed the first turn, sees the second.
        let onA = try await a.task(id: first.id)
        #expect(onA.status.state == .completed && onA.history?.count == 2)
        // A retry of either turn on either replica is that task; nothing runs again.
        #expect(try await a.send(SendMessageRequest(message: Message(
            messageId: "tck-complete-task-turn-2", role: .user, parts: [.text("more")], taskId: first.id))).id == first.id)
        #expect(await a.executions + b.executions == 2)
        // The first id reused after the conversation moved on starts a new task, on either replica.
        let reused = try await b.send(SendMessageRequest(message: Message(messageId: "tck-input-required-turn-1", role: .user, parts: [.text("start")])))
        #expect(reused.id != first.id && reused.status.state == .inputRequired)
        // A task waiting for input, canceled through the other replica, is canceled for both.
        #expect(try await a.cancel(id: reused.id).status.state == .canceled)
        #expect(try await b.task(id: reused.id).status.state == .canceled)
    }

    /// A replica that stopped renewing (its clock stands still here) loses its task to the one a
    /// resend reached after the lease; when it finishes after all, it writes nothing over the
    /// new owner's answer.
    @Test func aReplicaThatLostItsLeaseDoesNotOverwriteTheNewOwner() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shared-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var configuration = AgentServerConfiguration(tasksDatabasePath: path)
        configuration.taskLease = 5
        let slow = ScriptedExecutor(chunks: ["old owner"], gated: true)
        let a = try TaskManager(executor: slow, configuration: configuration, now: ManualClock().now)
        let clock = ManualClock()
        clock.advance(by: 6)
        let b = try TaskManager(executor: ScriptedExecutor(chunks: ["new owner"]), configuration: configuration, now: clock.now)
        var request = SendMessageRequest(message: Message(messageId: "lost-1", role: .user, parts: [.text("question")]))
        request.configuration = SendMessageConfiguration(returnImmediately: true)
        let started = try await a.send(request)
        request.configuration = nil
        let taken = try await b.send(request)
        #expect(taken.id == started.id && taken.status.state == .completed)
        slow.open()
        #expect(await eventually { (try? await a.task(id: started.id).status.state) == .completed })
        let reader = try TaskManager(executor: ScriptedExecutor(), configuration: configuration)
        let stored = try await reader.task(id: started.id)
        #expect(stored.artifacts?.flatMap(\.parts).compactMap(\.text).joined() == "new owner")
    }
}
