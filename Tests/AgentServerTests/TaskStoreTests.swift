import A2AProtocol
import AgentTesting
import Foundation
import Testing
@testable import AgentServer

/// Persistence across a restart, and the bounded in-memory store.
@Suite struct TaskStoreTests {
    func tempPath() -> String {
        TestDirectory.make("agent-tasks").appendingPathComponent("tasks.db").path
    }

    func message(_ id: String) -> SendMessageRequest {
        SendMessageRequest(message: Message(messageId: id, role: .user, parts: [.text("question")]))
    }

    @Test func getTaskSurvivesARestart() async throws {
        let path = tempPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let config = AgentServerConfiguration(tasksDatabasePath: path)
        let first = try TaskManager(executor: ScriptedExecutor(), configuration: config)
        let task = try await first.send(message("persist-1"))
        #expect(task.status.state == .completed)

        let executor = ScriptedExecutor()
        let second = try TaskManager(executor: executor, configuration: config)
        let loaded = try await second.task(id: task.id)
        #expect(loaded == task)
        // The same message id after the restart returns the stored task; nothing runs again.
        let again = try await second.send(message("persist-1"))
        #expect(again.id == task.id)
        #expect(executor.runCount == 0)
        let page = try await second.list(ListTasksRequest())
        #expect(page.tasks.map(\.id) == [task.id])
    }

    /// The file may be shared by replicas, so a task another process left running is its own
    /// until its lease runs out; then GetTask records it as failed, with the reason.
    @Test func tasksLeftRunningAreFailedOnceTheirLeaseExpires() async throws {
        let path = tempPath()
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var config = AgentServerConfiguration(tasksDatabasePath: path)
        config.taskLease = 5
        let gated = ScriptedExecutor(gated: true)
        // The first process's clock stands still: it stands for a process that stopped renewing.
        let first = try TaskManager(executor: gated, configuration: config, now: ManualClock().now)
        var request = message("running-1")
        request.configuration = SendMessageConfiguration(returnImmediately: true)
        let task = try await first.send(request)
        let clock = ManualClock()
        let second = try TaskManager(executor: ScriptedExecutor(), configuration: config, now: clock.now)
        #expect(try await second.task(id: task.id).status.state != .failed)
        clock.advance(by: 6)
        let loaded = try await second.task(id: task.id)
        #expect(loaded.status.state == .failed)
        #expect(loaded.status.message?.text.contains("lease expired") == true)
        gated.open()
    }

    @Test func unopenableDatabaseIsAClearError() {
        #expect(throws: TaskDatabaseError.self) {
            _ = try TaskManager(executor: ScriptedExecutor(),
                                configuration: AgentServerConfiguration(tasksDatabasePath: "/proc/nope/tasks.db"))
        }
    }

    @Test func leastRecentlyUsedTasksAreDropped() async throws {
        let manager = try TaskManager(executor: ScriptedExecutor(), configuration: AgentServerConfiguration(taskCapacity: 3))
        var ids: [String] = []
        for index in 0..<5 { ids.append(try await manager.send(message("lru-\(index)")).id) }
        #expect(await manager.taskCount == 3)
        await #expect(throws: A2AError.self) { try await manager.task(id: ids[0]) }
        #expect(try await manager.task(id: ids[4]).id == ids[4])
    }

    @Test func expiredTasksAreDropped() async throws {
        let clock = ManualClock()
        let manager = try TaskManager(executor: ScriptedExecutor(), configuration: AgentServerConfiguration(taskTTL: 1),
                                      now: clock.now)
        let task = try await manager.send(message("ttl-1"))
        #expect(task.status.state == .completed)
        clock.advance(by: 0.9)
        #expect(try await manager.task(id: task.id).id == task.id)  // within the TTL
        clock.advance(by: 0.3)
        await #expect(throws: A2AError.self) { try await manager.task(id: task.id) }
    }
}
