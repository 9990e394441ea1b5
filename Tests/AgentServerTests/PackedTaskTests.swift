import A2AProtocol
import Foundation
import Testing
@testable import AgentServer

/// Finished tasks beyond the most recent are packed, and come back exactly as they were.
@Suite struct PackedTaskTests {
    func finishedEntry(_ id: String, state: TaskState = .completed, answer: String = "The answer.") -> TaskEntry {
        let question = Message(messageId: "m-\(id)", role: .user, parts: [.text("question \(id)")],
                               contextId: "c-\(id)", taskId: id)
        var task = A2ATask(id: id, contextId: "c-\(id)",
                           status: TaskStatus(state: state, timestamp: "2026-12-07T15:01:57.308Z"), history: [question])
        task.artifacts = [Artifact(artifactId: "a-\(id)", name: "answer", parts: [.text(answer)])]
        return TaskEntry(task: task, messageIds: ["m-\(id)"], createdAt: Date(timeIntervalSince1970: 1_800_000_000.123456),
                         updatedAt: Date(timeIntervalSince1970: 1_800_000_001.5), events: [.task(task)])
    }

    @Test func aPackedTaskUnpacksToTheSameTask() throws {
        var entry = finishedEntry("t-1")
        entry.messageIds.append("m-follow-up")
        entry.task.metadata = .object(["k": .array([.number(1.5), .string("ü\u{1}"), .null])])
        entry.task.status.message = Message(messageId: "s-1", role: .agent, parts: [.text("done")],
                                            contextId: "c-t-1", taskId: "t-1")
        entry.reply = Message(messageId: "r-1", role: .agent, parts: [.text("a reply")])
        let packed = try PackedTask(entry)
        let back = try packed.unpacked()
        #expect(back.task == entry.task)
        #expect(back.reply == entry.reply)
        #expect(back.messageIds == ["m-t-1", "m-follow-up"])
        #expect(back.createdMicros == entry.createdMicros)
        #expect(back.updatedAt == entry.updatedAt)
        #expect(back.events.isEmpty)
        #expect(packed.id == "t-1" && packed.contextId == "c-t-1" && packed.state == .completed)
        #expect(packed.statusTimestamp == "2026-12-07T15:01:57.308Z")
        #expect(packed == PackedTask(probe: "t-1"))
        #expect(packed.hashValue == PackedTask(probe: "t-1").hashValue)
        #expect(packed != PackedTask(probe: "t-10"))
    }

    @Test func messagesThatNameAnotherTaskOrNoneKeepTheirIds() throws {
        var entry = finishedEntry("t-2", state: .inputRequired)
        entry.task.history?.append(Message(messageId: "m-2", role: .user, parts: [.text("no ids")]))
        entry.task.history?.append(Message(messageId: "m-3", role: .agent, parts: [.text("elsewhere")],
                                           contextId: "other", taskId: "t-9"))
        entry.task.status.timestamp = nil
        let back = try PackedTask(entry).unpacked()
        #expect(back.task == entry.task)
        #expect(back.task.status.timestamp == nil)
        #expect(try PackedTask(entry).statusTimestamp == nil)
        // A timestamp in another form than the server's is kept as text.
        entry.task.status.timestamp = "2026-12-07T15:01:57Z"
        #expect(try PackedTask(entry).unpacked().task == entry.task)
        #expect(try PackedTask(entry).statusTimestamp == "2026-12-07T15:01:57Z")
    }

    @Test func anOrdinaryTaskPacksIntoUnderAKilobyte() throws {
        let answer = String(repeating: "Full-time employees accrue paid time off. ", count: 8)  // 336 bytes
        var entry = finishedEntry(UUID().uuidString.lowercased(), answer: answer)
        entry.task.contextId = UUID().uuidString.lowercased()
        entry.task.history = entry.task.history?.map {
            var message = $0
            message.contextId = entry.task.contextId
            return message
        }
        let packed = try PackedTask(entry)
        #expect(packed.bytes.count < 700, "packed into \(packed.bytes.count) bytes")
        #expect(try packed.unpacked().task == entry.task)
    }

    @Test func olderFinishedTasksArePackedAndStillFoundEveryWay() throws {
        let store = try TaskStore(capacity: 100, recentLimit: 2, ttl: 3600, databasePath: nil)
        for index in 0..<5 { store.insert(finishedEntry("t-\(index)")) }
        #expect(store.count == 5)
        #expect(store.packedCount == 3)
        #expect(store.entry(id: "t-0")?.task.artifacts?.first?.text == "The answer.")
        #expect(store.entry(messageId: "m-t-1")?.task.id == "t-1")
        #expect(store.state(id: "t-0") == .completed)
        #expect(store.contextId(id: "t-0") == "c-t-0")
        let (page, total) = store.page(where: TaskFilter(ListTasksRequest()), before: nil, limit: 10)
        #expect(total == 5)
        #expect(Set(page.map(\.task.id)) == Set((0..<5).map { "t-\($0)" }))
        let (one, _) = store.page(where: TaskFilter(ListTasksRequest(contextId: "c-t-0")), before: nil, limit: 10)
        #expect(one.map(\.task.id) == ["t-0"])
    }

    @Test func aPackedInputRequiredTaskCanBeContinued() throws {
        let store = try TaskStore(capacity: 100, recentLimit: 0, ttl: 3600, databasePath: nil)
        store.insert(finishedEntry("t-ask", state: .inputRequired))
        #expect(store.packedCount == 1)
        let bytesWhilePacked = store.finishedBytes
        store.update(id: "t-ask") {
            $0.task.status = TaskStatus(state: .working)
            $0.messageIds.append("m-more")
        }
        #expect(store.packedCount == 0)
        #expect(store.finishedBytes == 0, "a running task does not count (was \(bytesWhilePacked))")
        #expect(store.entry(messageId: "m-t-ask")?.task.status.state == .working)
        store.update(id: "t-ask") { $0.task.status = TaskStatus(state: .completed) }
        #expect(store.packedCount == 1)
        #expect(store.entry(messageId: "m-more")?.task.status.state == .completed)
        #expect(store.count == 1)
    }

    @Test func packedTasksCountTheirBytesAgainstTheBudget() throws {
        let store = try TaskStore(capacity: 10_000, byteBudget: 50_000, recentLimit: 1, ttl: 3600, databasePath: nil)
        for index in 0..<100 { store.insert(finishedEntry("t-\(index)", answer: String(repeating: "y", count: 4_000))) }
        #expect(store.finishedBytes <= 50_000)
        #expect(store.finishedBytes > 30_000, "the budget is used, not emptied: \(store.finishedBytes)")
        #expect(store.packedCount > 5)
        #expect(store.peek(id: "t-99") != nil && store.peek(id: "t-0") == nil)
    }

    @Test func evictionTakesTheOldestFinishedWhetherPackedOrNot() throws {
        let store = try TaskStore(capacity: 4, recentLimit: 2, ttl: 3600, databasePath: nil)
        var running = finishedEntry("running", state: .working)
        running.messageIds = ["m-running"]
        store.insert(running)
        for index in 0..<6 { store.insert(finishedEntry("t-\(index)")) }
        #expect(store.count == 4)
        #expect(store.peek(id: "running") != nil)
        #expect(store.peek(id: "t-2") == nil)
        #expect(store.entry(messageId: "m-t-2") == nil)
        #expect(store.peek(id: "t-3") != nil && store.peek(id: "t-5") != nil)
        // Many more than the queue's slack: it stays consistent through compaction.
        for index in 6..<3_000 { store.insert(finishedEntry("t-\(index)")) }
        #expect(store.count == 4)
        #expect(store.peek(id: "t-2999")?.task.id == "t-2999")
        #expect(store.peek(id: "t-2997")?.task.id == "t-2997")
    }
}

/// The token table gives every JSON back exactly, whatever it contains.
@Suite struct JSONTokenTableTests {
    @Test func expandingGivesBackWhatWasShortened() throws {
        let samples = [
            #"{"artifacts":[{"artifactId":"a","name":"answer","parts":[{"text":"x"}]}],"contextId":"","history":[{"messageId":"m","parts":[{"text":"q"}],"role":"ROLE_USER"}],"id":"","status":{"state":"TASK_STATE_COMPLETED"}}"#,
            #"{"text":"\"parts\":[{\"text\":\"],\"role\":\"ROLE_USER\"}"}"#,
            #"]"}]}"#, "", #"""#, "ü € 😀 \u{7f}",
            #"],"role":"ROLE_USER""#, #"{"artifacts":[{"artifactId":"#,
        ]
        for sample in samples {
            let bytes = Array(sample.utf8)
            #expect(JSONTokenTable.expand(JSONTokenTable.shorten(bytes)[...]) == bytes, "\(sample)")
        }
        let task = Array(samples[0].utf8)
        #expect(JSONTokenTable.shorten(task).count < task.count * 2 / 3)
    }
}
