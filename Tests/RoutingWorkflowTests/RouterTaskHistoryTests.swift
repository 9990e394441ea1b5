import A2AClient
import A2AProtocol
import AgentTesting
import DurableEngine
import Foundation
import RouterAgent
import RoutingWorkflow
import Testing

/// The Router's tasks are its runs in the history: ListTasks lists them after a worker
/// restart, and SubscribeToTask follows a task that another worker process runs, or that
/// a worker killed mid-answer left to the next one.
@Suite(.timeLimit(.minutes(3))) struct RouterTaskHistoryTests {
    @Test func listTasksReadsTheRoutersRunsFromTheHistoryAfterARestart() async throws {
        let setup = try await RouterSetup.start(answeringWith: SlowAnswerExecutor(chunks: ["Ten ", "days."],
                                                                                 delay: .milliseconds(5)))
        let router = A2AClient(baseURL: URL(string: setup.routerURL)!)
        for (messageId, contextId) in [("list-1", "ctx-a"), ("list-2", "ctx-b"), ("list-3", "ctx-b")] {
            guard case .task(let task) = try await router.send(Message(
                messageId: messageId, role: .user, parts: [.text("How many vacation days do I get?")], contextId: contextId))
            else { throw TestFailure("no task for \(messageId)") }
            #expect(task.status.state == .completed, "\(task.status)")
        }
        // A run started otherwise (as `route` starts one) is not an A2A task.
        let client = WorkflowClient(store: try WorkflowStore(path: setup.db))
        _ = try await client.start(RoutingWorkflow.self, input: RouteRequest(question: "Where can I park?"), id: "plain-1")
        _ = try await client.result(workflowID: "plain-1", as: RouteResult.self)

        await setup.worker.kill()
        let restarted = try await setup.restartedWorker()
        let first = try await router.listTasks(ListTasksRequest(pageSize: 2))
        #expect(first.tasks.map(\.id) == ["a2a-list-3", "a2a-list-2"], "\(first.tasks.map(\.id))")
        #expect(first.totalSize == 3 && first.pageSize == 2)
        #expect(!first.nextPageToken.isEmpty)
        #expect(first.tasks.allSatisfy { $0.status.state == .completed && $0.artifacts == nil })
        let second = try await router.listTasks(ListTasksRequest(pageSize: 2, pageToken: first.nextPageToken))
        #expect(second.tasks.map(\.id) == ["a2a-list-1"], "\(second.tasks.map(\.id))")
        #expect(second.nextPageToken.isEmpty)
        #expect(second.tasks.first?.contextId == "ctx-a")

        let inContext = try await router.listTasks(ListTasksRequest(contextId: "ctx-b", includeArtifacts: true))
        #expect(inContext.tasks.map(\.id) == ["a2a-list-3", "a2a-list-2"] && inContext.totalSize == 2)
        #expect(inContext.tasks.allSatisfy { $0.artifacts?.first?.text == "[routed to HR] Ten days." }, "\(inContext.tasks)")
        #expect(try await router.listTasks(ListTasksRequest(status: .completed)).totalSize == 3)
        let working = try await router.listTasks(ListTasksRequest(status: .working))
        #expect(working.tasks.isEmpty && working.totalSize == 0)

        // A task this process started is listed once, first, though memory and history both hold it.
        _ = try await router.send(Message(messageId: "list-4", role: .user, parts: [.text("Where can I park?")]))
        let all = try await router.listTasks(ListTasksRequest(pageSize: 10))
        #expect(all.tasks.map(\.id) == ["a2a-list-4", "a2a-list-3", "a2a-list-2", "a2a-list-1"], "\(all.tasks.map(\.id))")
        #expect(all.totalSize == 4)
        await setup.stop()
        withExtendedLifetime(restarted) {}
    }

    @Test func subscribeFollowsATaskRunByAnotherWorkerAndAfterARestart() async throws {
        let chunks = (1...8).map { "piece \($0). " }
        let slow = SlowAnswerExecutor(chunks: chunks, delay: .milliseconds(50))
        // Each answer's last chunk waits until the subscriber has seen its first, so that the
        // subscriber follows a run that is still answering, however slow the machine.
        let firstHold = AsyncGate()
        slow.holdLastChunk(until: firstHold)
        let setup = try await RouterSetup.start(answeringWith: slow)
        let (other, otherURL) = try await setup.anotherWorker()
        let starting = A2AClient(baseURL: URL(string: setup.routerURL)!)
        let following = A2AClient(baseURL: URL(string: otherURL)!)
        let client = WorkflowClient(store: try WorkflowStore(path: setup.db))

        // Started through one worker's Router, followed through the other's, which never saw it.
        guard case .task(let started) = try await starting.send(
            Message(messageId: "far-1", role: .user, parts: [.text("How many vacation days do I get?")]),
            configuration: SendMessageConfiguration(returnImmediately: true))
        else { throw TestFailure("no task") }
        let running = await eventually(timeout: .seconds(30)) { (try? client.describe(workflowID: started.id)) != nil }
        #expect(running, "the run did not start")
        // The same message resent to the other worker waits for the run there too.
        let resent = Task {
            try await following.send(Message(messageId: "far-1", role: .user, parts: [.text("How many vacation days do I get?")]))
        }
        let followed = try await Self.follow(started.id, on: following, slow: slow, opening: firstHold)
        #expect(followed.snapshot?.id == started.id && followed.snapshot?.contextId == started.contextId)
        #expect(followed.answer == "[routed to HR] " + chunks.joined(), "\(followed.answer)")
        #expect(followed.yieldedAtFirstChunk.map { $0 < chunks.count } == true,
                "the first chunk came after the agent's last one (\(String(describing: followed.yieldedAtFirstChunk)))")
        #expect(followed.states.last == .completed, "\(followed.states)")
        #expect(followed.steps.contains("→ asking the HR agent"), "\(followed.steps)")
        #expect(slow.executions == 1)
        guard case .task(let answered) = try await resent.value else { throw TestFailure("the resend got no task") }
        #expect(answered.status.state == .completed && answered.artifacts?.first?.text == followed.answer, "\(answered)")

        // A finished task has nothing to follow: A2A answers UnsupportedOperation (-32004).
        await #expect(throws: (any Error).self) {
            for try await _ in following.subscribe(taskID: started.id) {}
        }

        // Both workers killed mid-answer; a new one finishes the run, and a subscriber on it
        // follows the task to its end.
        let secondHold = AsyncGate()
        slow.holdLastChunk(until: secondHold)
        let streaming = Task { () -> Bool in
            for try await event in starting.stream(Message(messageId: "far-2", role: .user,
                                                           parts: [.text("How many vacation days do I get?")])) {
                if case .artifactUpdate = event { return true }
            }
            return false
        }
        #expect(try await streaming.value, "no chunk arrived before the kill")
        let executions = slow.executions
        await setup.worker.kill()
        await other.kill()
        let restarted = try await setup.restartedWorker()
        let afterRestart = try await Self.follow("a2a-far-2", on: starting, slow: slow, opening: secondHold)
        #expect(afterRestart.answer == "[routed to HR] " + chunks.joined(), "\(afterRestart.answer)")
        #expect(afterRestart.states.last == .completed, "\(afterRestart.states)")
        #expect(slow.executions == executions, "the agent computed the answer again")
        await setup.stop()
        withExtendedLifetime(restarted) {}
    }

    /// What SubscribeToTask on `taskID` gave: the first snapshot, the answer's text, the states
    /// and step messages of the status updates, and how many chunks the agent had sent when the
    /// first answer chunk arrived (which opens `gate`).
    private static func follow(_ taskID: String, on router: A2AClient, slow: SlowAnswerExecutor,
                               opening gate: AsyncGate) async throws
        -> (snapshot: A2ATask?, answer: String, states: [TaskState], steps: [String], yieldedAtFirstChunk: Int?)
    {
        var snapshot: A2ATask?
        var answer = ""
        var states: [TaskState] = []
        var steps: [String] = []
        var yieldedAtFirstChunk: Int?
        for try await event in router.subscribe(taskID: taskID) {
            switch event {
            case .task(let task):
                snapshot = snapshot ?? task
            case .artifactUpdate(let update):
                if yieldedAtFirstChunk == nil {
                    yieldedAtFirstChunk = slow.yielded
                    gate.open()
                }
                answer += update.artifact.text
            case .statusUpdate(let update):
                states.append(update.status.state)
                if let text = update.status.message?.text { steps.append(text) }
            case .message:
                break
            }
        }
        return (snapshot, answer, states, steps, yieldedAtFirstChunk)
    }
}
