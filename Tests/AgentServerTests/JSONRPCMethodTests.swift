import A2AProtocol
import AgentTesting
import Foundation
import Testing
@testable import AgentServer

/// The JSON-RPC methods, called on the responder directly.
@Suite struct JSONRPCMethodTests {
    @Test func blockingSendCompletesWithTheStreamedAnswer() async throws {
        let harness = try Harness()
        let answer = try await harness.rpc("SendMessage", Harness.send("hi", messageId: "m-1"))
        #expect(answer.status == 200)
        let task = try #require(answer.json?["result"]?["task"])
        #expect(task["status"]?["state"] == "TASK_STATE_COMPLETED")
        let decoded = try A2AJSON.convert(task, to: A2ATask.self)
        #expect(decoded.artifacts?.first?.text == "Hello, world.")
        #expect(decoded.history?.first?.messageId == "m-1")
        #expect(decoded.history?.first?.taskId == decoded.id)
        #expect(decoded.history?.first?.contextId == decoded.contextId)
        #expect(!decoded.contextId.isEmpty)
        #expect(answer.json?["id"] == 1)
    }

    @Test func returnImmediatelyGivesASubmittedTaskThatFinishesLater() async throws {
        let harness = try Harness(executor: ScriptedExecutor(gated: true))
        let answer = try await harness.rpc("SendMessage", Harness.send("hi", config: #"{"returnImmediately":true}"#))
        let task = try A2AJSON.convert(#require(answer.json?["result"]?["task"]), to: A2ATask.self)
        #expect(!task.status.state.isTerminal)
        harness.executor.open()
        let done = try await harness.waitForState(task.id, "TASK_STATE_COMPLETED")
        #expect(done != nil)
    }

    @Test func getTaskHonoursHistoryLength() async throws {
        let harness = try Harness()
        let sent = try await harness.rpc("SendMessage", Harness.send("hi"))
        let id = try #require(sent.json?["result"]?["task"]?["id"]?.stringValue)
        let withHistory = try await harness.rpc("GetTask", #"{"id":""# + id + #""}"#)
        #expect(withHistory.json?["result"]?["history"] != nil)
        let without = try await harness.rpc("GetTask", #"{"id":""# + id + #"","historyLength":0}"#)
        #expect(without.json?["result"]?["history"] == nil)
        #expect(without.json?["result"]?["id"] == .string(id))
        let missing = try await harness.rpc("GetTask", #"{"id":"nope"}"#)
        #expect(missing.json?["error"]?["code"] == -32001)
    }

    @Test func streamingSendOrdersEvents() async throws {
        let harness = try Harness()
        let answer = try await harness.rpc("SendStreamingMessage", Harness.send("hi"), id: "\"s-1\"")
        #expect(answer.headers["Content-Type"]?.hasPrefix("text/event-stream") == true)
        let events = try answer.events.map { event -> StreamResponse in
            #expect(event["id"] == "s-1")
            return try A2AJSON.convert(#require(event["result"]), to: StreamResponse.self)
        }
        #expect(events.count == 7)  // task, working, 4 chunks, completed
        guard case .task(let task) = events.first else { Issue.record("first event must be the task"); return }
        #expect(task.status.state == .submitted)
        #expect(events[1].state == .working)
        let chunks = events.compactMap { event -> TaskArtifactUpdateEvent? in
            if case .artifactUpdate(let update) = event { return update }
            return nil
        }
        #expect(chunks.map(\.artifact.text) == ["Hello", ", ", "world", "."])
        #expect(chunks.map { $0.append ?? false } == [false, true, true, true])
        #expect(chunks.map { $0.lastChunk ?? false } == [false, false, false, true])
        #expect(Set(chunks.map(\.artifact.artifactId)).count == 1)
        #expect(events.last?.state == .completed)
    }

    @Test func sameMessageIdReturnsTheSameTaskWithoutRunningTwice() async throws {
        let harness = try Harness()
        let first = try await harness.rpc("SendMessage", Harness.send("hi", messageId: "dup-1"))
        let second = try await harness.rpc("SendMessage", Harness.send("hi", messageId: "dup-1"))
        #expect(first.json?["result"]?["task"]?["id"] == second.json?["result"]?["task"]?["id"])
        #expect(harness.executor.runCount == 1)
        #expect(await harness.responder.manager.executions == 1)
    }

    @Test func repeatedStreamingSendJoinsTheLiveStream() async throws {
        let harness = try Harness(executor: ScriptedExecutor(gated: true))
        let params = Harness.send("hi", messageId: "dup-stream")
        let manager = harness.responder.manager
        async let first = harness.rpc("SendStreamingMessage", params)
        // Wait until the first send streams the task, then send the same message again, and let
        // the task finish only once that second stream has joined it.
        #expect(await eventually { await manager.taskCount == 1 })
        let id = try #require(await manager.list(ListTasksRequest()).tasks.first?.id)
        #expect(await eventually { await manager.liveStreamCount(id) == 1 })
        async let second = harness.rpc("SendStreamingMessage", params)
        #expect(await eventually { await manager.liveStreamCount(id) == 2 })
        harness.executor.open()
        let (a, b) = try await (first, second)
        #expect(a.events.count == 7)
        #expect(a.events.map { $0["result"] } == b.events.map { $0["result"] })
        #expect(harness.executor.runCount == 1)
        // After completion a repeat gets the finished task whole (its event log is not kept).
        let third = try await harness.rpc("SendStreamingMessage", params)
        #expect(third.events.count == 1)
        #expect(third.events.first?["result"]?["task"]?["status"]?["state"] == "TASK_STATE_COMPLETED")
        let parts = third.events.first?["result"]?["task"]?["artifacts"]?.arrayValue?.first?["parts"]?.arrayValue ?? []
        #expect(parts.compactMap { $0["text"]?.stringValue }.joined() == "Hello, world.")
        #expect(harness.executor.runCount == 1)
    }

    @Test func cancelAWorkingTaskThenCancelAgainFails() async throws {
        let harness = try Harness(executor: ScriptedExecutor(gated: true))
        let sent = try await harness.rpc("SendMessage", Harness.send("hi", config: #"{"returnImmediately":true}"#))
        let id = try #require(sent.json?["result"]?["task"]?["id"]?.stringValue)
        let canceled = try await harness.rpc("CancelTask", #"{"id":""# + id + #""}"#)
        #expect(canceled.json?["result"]?["status"]?["state"] == "TASK_STATE_CANCELED")
        harness.executor.open()
        let again = try await harness.rpc("CancelTask", #"{"id":""# + id + #""}"#)
        #expect(again.json?["error"]?["code"] == -32002)
        let state = try await harness.rpc("GetTask", #"{"id":""# + id + #""}"#)
        #expect(state.json?["result"]?["status"]?["state"] == "TASK_STATE_CANCELED")
        let unknown = try await harness.rpc("CancelTask", #"{"id":"nope"}"#)
        #expect(unknown.json?["error"]?["code"] == -32001)
    }

    @Test func followUpsAreChecked() async throws {
        let harness = try Harness()
        let sent = try await harness.rpc("SendMessage", Harness.send("hi"))
        let id = try #require(sent.json?["result"]?["task"]?["id"]?.stringValue)
        let toTerminal = try await harness.rpc("SendMessage", Harness.send("more", extra: #","taskId":""# + id + #"""#))
        #expect(toTerminal.json?["error"]?["code"] == -32004)
        let unknown = try await harness.rpc("SendMessage", Harness.send("more", extra: #","taskId":"nope""#))
        #expect(unknown.json?["error"]?["code"] == -32001)
        // A context id given on a new message is kept.
        let withContext = try await harness.rpc("SendMessage", Harness.send("x", extra: #","contextId":"ctx-9""#))
        #expect(withContext.json?["result"]?["task"]?["contextId"] == "ctx-9")
    }

    @Test func executorFailureFailsTheTask() async throws {
        let harness = try Harness(executor: ScriptedExecutor(chunks: ["partial"], failure: ExecutorBoom()))
        let answer = try await harness.rpc("SendMessage", Harness.send("hi"))
        let task = try A2AJSON.convert(#require(answer.json?["result"]?["task"]), to: A2ATask.self)
        #expect(task.status.state == .failed)
        #expect(task.status.message?.text.contains("model unavailable") == true)
    }

    @Test func listTasksPagesWithCursor() async throws {
        let harness = try Harness()
        var ids: Set<String> = []
        for index in 0..<5 {
            let sent = try await harness.rpc("SendMessage", Harness.send("q\(index)"))
            ids.insert(try #require(sent.json?["result"]?["task"]?["id"]?.stringValue))
        }
        var seen: [String] = []
        var token = ""
        var pages = 0
        repeat {
            let params = token.isEmpty ? #"{"pageSize":2}"# : #"{"pageSize":2,"pageToken":""# + token + #""}"#
            let page = try A2AJSON.convert(
                #require(try await harness.rpc("ListTasks", params).json?["result"]), to: ListTasksResponse.self)
            #expect(page.totalSize == 5)
            #expect(page.pageSize == 2)
            #expect(page.tasks.allSatisfy { $0.artifacts == nil })
            seen += page.tasks.map(\.id)
            token = page.nextPageToken
            pages += 1
        } while !token.isEmpty && pages < 10
        #expect(pages == 3)
        #expect(seen.count == 5)
        #expect(Set(seen) == ids)
        let badToken = try await harness.rpc("ListTasks", #"{"pageToken":"!!!"}"#)
        #expect(badToken.json?["error"]?["code"] == -32602)
        let badSize = try await harness.rpc("ListTasks", #"{"pageSize":0}"#)
        #expect(badSize.json?["error"]?["code"] == -32602)
        let filtered = try await harness.rpc("ListTasks", #"{"status":"TASK_STATE_WORKING"}"#)
        #expect(filtered.json?["result"]?["totalSize"] == 0)
    }

    @Test func subscribeToRunningAndTerminalTasks() async throws {
        let harness = try Harness(executor: ScriptedExecutor(gated: true))
        let sent = try await harness.rpc("SendMessage", Harness.send("hi", config: #"{"returnImmediately":true}"#))
        let id = try #require(sent.json?["result"]?["task"]?["id"]?.stringValue)
        async let subscription = harness.rpc("SubscribeToTask", #"{"id":""# + id + #""}"#)
        // The task may finish only once the subscription follows it.
        let manager = harness.responder.manager
        #expect(await eventually { await manager.liveStreamCount(id) == 1 })
        harness.executor.open()
        let events = try await subscription.events
        #expect(events.first?["result"]?["task"]?["id"] == .string(id))
        #expect(events.last?["result"]?["statusUpdate"]?["status"]?["state"] == "TASK_STATE_COMPLETED")
        let terminal = try await harness.rpc("SubscribeToTask", #"{"id":""# + id + #""}"#)
        #expect(terminal.json?["error"]?["code"] == -32004)
    }
}
