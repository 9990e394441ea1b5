import A2AProtocol
@testable import AgentServer
import AgentTesting
import Foundation
import Testing

/// Replicas on one tasks file when the agent answers with a direct message instead of a task:
/// every replica answers the message's sends with that message.
@Suite struct ReplicatedRepliesTests {
    /// A joins nothing: it computes. B, sent the same message meanwhile, joins A's computation;
    /// C, a replica started after it ended, finds it in the file. All three return A's message.
    @Test func aReplicaJoiningAComputationThatRepliedReturnsTheMessage() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replies-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let configuration = AgentServerConfiguration(tasksDatabasePath: path)
        let gate = AsyncGate()
        let a = try TaskManager(executor: GatedReplyExecutor(gate: gate), configuration: configuration)
        let b = try TaskManager(executor: GatedReplyExecutor(gate: gate), configuration: configuration)
        let message = Message(messageId: "reply-1", role: .user, parts: [.text("Who approves leave?")])
        var request = SendMessageRequest(message: message)
        request.configuration = SendMessageConfiguration(returnImmediately: true)
        guard case .task(let started) = try await a.respond(to: request) else { Issue.record("no task at first"); return }
        #expect(started.status.state != .completed)

        async let onB = b.respond(to: SendMessageRequest(message: message))
        async let onA = a.respond(to: SendMessageRequest(message: message))
        // B follows A's task before it ends.
        #expect(await eventually { await b.isFollowing(started.id) })
        gate.open()
        guard case .message(let fromA) = try await onA else { Issue.record("A did not reply with a message"); return }
        let fromB = try await onB
        guard case .message(let joined) = fromB else { Issue.record("B, which joined, returned \(fromB)"); return }
        #expect(fromA.text == "Ask your manager." && joined == fromA)

        let c = try TaskManager(executor: GatedReplyExecutor(gate: gate), configuration: configuration)
        let fromC = try await c.respond(to: SendMessageRequest(message: message))
        guard case .message(let found) = fromC else { Issue.record("C, started later, returned \(fromC)"); return }
        #expect(found == fromA)
        #expect(await a.executions + b.executions + c.executions == 1)
        // GetTask is the task on every replica: completed, with the message as its status message.
        for manager in [a, b, c] {
            let task = try await manager.task(id: started.id)
            #expect(task.status.state == .completed && task.status.message == fromA, "\(task)")
        }
    }

    /// A task completed with an agent message of its own (not a reply) stays a task on another replica.
    @Test func aCompletedTaskWithAStatusMessageStaysATaskOnAnotherReplica() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("replies-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let configuration = AgentServerConfiguration(tasksDatabasePath: path)
        let a = try TaskManager(executor: TCKScenarioExecutor(), configuration: configuration)
        let b = try TaskManager(executor: TCKScenarioExecutor(), configuration: configuration)
        let message = Message(messageId: "tck-complete-task-1", role: .user, parts: [.text("x")])
        guard case .task(let done) = try await a.respond(to: SendMessageRequest(message: message)) else {
            Issue.record("A did not answer with a task")
            return
        }
        #expect(done.status.state == .completed && done.status.message?.text == "Hello from TCK")
        let fromB = try await b.respond(to: SendMessageRequest(message: message))
        guard case .task(let found) = fromB else { Issue.record("B returned \(fromB)"); return }
        #expect(found.id == done.id)
    }
}

/// Answers every message with a direct message, once `gate` opens.
private struct GatedReplyExecutor: AgentTaskExecutor {
    let gate: AsyncGate

    func run(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<AgentTaskEvent, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                await gate.wait()
                continuation.yield(.reply("Ask your manager."))
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
