import A2AProtocol
@testable import AgentServer
import AgentTesting
import Foundation
import Testing

/// Replicas on one tasks file delete the tasks that finished longer than `finishedTaskRetention`
/// ago (their rows, message ids, claims and events); tasks still computed stay.
@Suite struct ReplicatedTaskRetentionTests {
    @Test func finishedTasksPastTheRetentionAreDeletedAndRunningOnesStay() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("retention-\(UUID().uuidString).db").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var configuration = AgentServerConfiguration(tasksDatabasePath: path)
        configuration.finishedTaskRetention = 60
        configuration.taskLease = 3600  // the clock jumps: the running task must not look abandoned
        let clock = ManualClock()
        let a = try TaskManager(executor: ScriptedExecutor(chunks: ["Ten days."]), configuration: configuration, now: clock.now)
        let slow = ScriptedExecutor(chunks: ["Still thinking."], gated: true)
        let b = try TaskManager(executor: slow, configuration: configuration, now: clock.now)
        func request(_ id: String, returnImmediately: Bool = false) -> SendMessageRequest {
            var request = SendMessageRequest(message: Message(messageId: id, role: .user, parts: [.text("Sick days?")]))
            if returnImmediately { request.configuration = SendMessageConfiguration(returnImmediately: true) }
            return request
        }
        let old = try await a.send(request("old-1"))
        let running = try await b.send(request("running-1", returnImmediately: true))
        #expect(old.status.state == .completed && running.status.state != .completed)

        clock.advance(by: 59)
        _ = try await a.send(request("within-1"))  // a task settling makes a replica look; nothing is old enough yet
        let file = try TaskDatabase(path: path)
        #expect(try file.load(id: old.id) != nil)

        clock.advance(by: 7)  // a replica looks again once a tenth of the retention has passed
        let fresh = try await a.send(request("new-1"))
        #expect(try file.load(id: old.id) == nil)
        #expect(try file.taskId(forMessageId: "old-1") == nil)
        #expect(try file.claim(id: old.id) == nil && file.events(id: old.id, after: -1).isEmpty)
        #expect(try file.load(id: fresh.id) != nil && file.load(id: running.id) != nil)
        #expect(try file.taskId(forMessageId: "within-1") != nil)

        // A replica that never held it computes a resend of the deleted task's message anew.
        let c = try TaskManager(executor: ScriptedExecutor(chunks: ["Ten days."]), configuration: configuration, now: clock.now)
        let again = try await c.send(request("old-1"))
        #expect(again.id != old.id && again.status.state == .completed)
        slow.open()
        #expect(await eventually { (try? await b.task(id: running.id).status.state) == .completed })
    }
}
