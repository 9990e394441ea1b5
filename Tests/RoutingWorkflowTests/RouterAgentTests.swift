import A2AClient
import A2AProtocol
import AgentTesting
import DurableEngine
import Foundation
import RouterAgent
import Testing

/// The router is itself an A2A agent, served by `switchboard worker --a2a-port`: `send` works
/// against it as against any agent, the answer streams, and one message ID is one run.
@Suite struct RouterAgentTests {
    @Test func sendToTheRouterStreamsARoutedAnswerAndOneMessageIsOneRun() async throws {
        let chunks = (1...6).map { "part \($0). " }
        let slow = SlowAnswerExecutor(chunks: chunks, delay: .milliseconds(200))
        let setup = try await RouterSetup.start(answeringWith: slow)
        let router = setup.routerURL
        #expect(setup.worker.text.contains("router agent listening on \(router)"), "\(setup.worker.text)")

        let send = try Switchboard.launch("send", ["send", router, "How many vacation days do I get?", "--message-id", "m-1"])
        let early = await eventually(timeout: .seconds(30)) { send.standardOutput.contains("[routed to HR] part 1.") }
        #expect(early, "\(send.text)")
        #expect(slow.yielded < chunks.count, "the answer arrived only after the agent's last chunk")
        #expect(try await send.exitStatus() == 0, "\(send.text)")
        #expect(send.standardOutput.contains("[routed to HR] " + chunks.joined()), "\(send.standardOutput)")

        // The same message again, over a new connection: the same run, nothing computed again.
        let again = try Switchboard.launch("send again", ["send", router, "How many vacation days do I get?", "--message-id", "m-1"])
        #expect(try await again.exitStatus() == 0, "\(again.text)")
        #expect(again.standardOutput.contains("[routed to HR] " + chunks.joined()), "\(again.standardOutput)")
        let client = WorkflowClient(store: try WorkflowStore(path: setup.db))
        let runs = try client.list(pageSize: 100).records.filter { $0.workflowID == RouterExecutor.workflowID(forMessageID: "m-1") }
        #expect(runs.count == 1)
        #expect(slow.executions == 1, "the agent answered \(slow.executions) times")

        let other = try Switchboard.launch("other question", ["send", router, "Where can I park?"])
        #expect(try await other.exitStatus() == 0, "\(other.text)")
        #expect(other.standardOutput.contains("[routed to "), "\(other.standardOutput)")

        // A new worker process knows no A2A task of the old one's: the history answers the resend.
        let executions = slow.executions
        await setup.worker.kill()
        let second = try await setup.restartedWorker()
        let afterRestart = try Switchboard.launch("send after restart", [
            "send", router, "How many vacation days do I get?", "--message-id", "m-1",
        ])
        #expect(try await afterRestart.exitStatus() == 0, "\(afterRestart.text)")
        #expect(afterRestart.standardOutput.contains("[routed to HR] " + chunks.joined()), "\(afterRestart.standardOutput)")
        #expect(try client.list(pageSize: 100).records.filter { $0.workflowID == "a2a-m-1" }.count == 1)
        #expect(slow.executions == executions, "the agent answered the resend again")

        // The task is the run: GetTask on the new process reads it from the history.
        let a2a = A2AClient(baseURL: URL(string: router)!)
        let stored = try await a2a.getTask(id: "a2a-m-1")
        #expect(stored.status.state == .completed)
        #expect(stored.artifacts?.first?.text == "[routed to HR] " + chunks.joined(), "\(stored)")

        // SIGKILL mid-answer: the next worker finishes the run, the agent computes once, and
        // GetTask on the new process gives the finished answer.
        let listening = Task { () -> String? in
            var contextId: String?
            for try await event in a2a.stream(Message(messageId: "m-kill", role: .user,
                                                      parts: [.text("How many vacation days do I get?")])) {
                if case .task(let task) = event { contextId = task.contextId }
                if case .artifactUpdate = event { return contextId }
            }
            return nil
        }
        let contextId = try await listening.value
        #expect(contextId != nil, "no chunk arrived before the kill")
        let before = slow.executions
        await second.kill()
        let third = try await setup.restartedWorker()
        let finished = await eventually(timeout: .seconds(60)) {
            // Polled, not awaited: GetTask answers at once with the run's state.
            (try? await a2a.getTask(id: "a2a-m-kill"))?.status.state == .completed
        }
        #expect(finished, "the run did not finish on the new worker")
        let rebuilt = try await a2a.getTask(id: "a2a-m-kill")
        #expect(rebuilt.artifacts?.first?.text == "[routed to HR] " + chunks.joined())
        #expect(rebuilt.contextId == contextId, "the task read back from the history lost its context")
        #expect(slow.executions == before, "the agent computed the answer again")
        await setup.stop()
        withExtendedLifetime(third) {}
    }

    /// A blocking send reads only its run's result, unless somebody follows the task: a
    /// subscriber that comes while it runs gets the steps from the start and the answer as the
    /// agent streams it, and the blocking send still returns the whole answer.
    @Test func aBlockingSendThatSomebodySubscribesToStreamsItsStepsAndAnswer() async throws {
        let chunks = (1...8).map { "part \($0). " }
        let slow = SlowAnswerExecutor(chunks: chunks, delay: .milliseconds(250))
        let setup = try await RouterSetup.start(answeringWith: slow)
        let router = A2AClient(baseURL: URL(string: setup.routerURL)!)
        let blocking = Task {
            try await router.send(Message(messageId: "m-watched", role: .user, parts: [.text("How many vacation days do I get?")]))
        }
        let running = await eventually(timeout: .seconds(30)) {
            (try? await router.getTask(id: "a2a-m-watched"))?.status.state == .working
        }
        #expect(running, "the task never showed as working")
        var steps: [String] = []
        var answerBeforeTheEnd = false
        for try await event in router.subscribe(taskID: "a2a-m-watched") {
            switch event {
            case .statusUpdate(let update):
                if let line = update.status.message?.text { steps.append(line) }
            case .artifactUpdate:
                if slow.yielded < chunks.count { answerBeforeTheEnd = true }
            default:
                break
            }
        }
        #expect(steps.contains("started workflow a2a-m-watched"), "\(steps)")
        #expect(steps.contains { $0.hasPrefix("→ asking the HR agent") }, "\(steps)")
        #expect(answerBeforeTheEnd, "the answer reached the subscriber only after the agent's last chunk")
        guard case .task(let done) = try await blocking.value else { Issue.record("no task"); return }
        #expect(done.status.state == .completed)
        #expect(done.artifacts?.first?.text == "[routed to HR] " + chunks.joined(), "\(done)")
        await setup.stop()
    }

    /// A2A's own input-required flow, mapped onto the approval gate: the draft comes back as
    /// INPUT_REQUIRED, a follow-up "approve" in the same task is the signal, and the task
    /// completes with the approved answer.
    @Test func theApprovalGateIsAnInputRequiredTask() async throws {
        let setup = try await RouterSetup.start(answeringWith: SlowAnswerExecutor(chunks: ["Eighteen ", "days."],
                                                                                 delay: .milliseconds(10)))
        let router = A2AClient(baseURL: URL(string: setup.routerURL)!)
        let question = Message(messageId: "gate-1", role: .user, parts: [.text("How many vacation days do I get?")],
                               metadata: .object(["requireApproval": .bool(true)]))
        guard case .task(let drafted) = try await router.send(question) else {
            Issue.record("the router answered with a message, not a task")
            return
        }
        #expect(drafted.status.state == .inputRequired)
        #expect(drafted.status.message?.text.contains("[routed to HR] Eighteen days.") == true, "\(drafted.status)")

        let unclear = Message(messageId: "gate-2", role: .user, parts: [.text("maybe?")],
                              contextId: drafted.contextId, taskId: drafted.id)
        guard case .task(let asked) = try await router.send(unclear) else { Issue.record("no task"); return }
        #expect(asked.status.state == .inputRequired, "anything but approve or reject asks again")
        let whileWaiting = try await router.getTask(id: drafted.id)
        #expect(whileWaiting.status.state == .inputRequired)

        let approval = Message(messageId: "gate-3", role: .user, parts: [.text("approve, checked with HR")],
                               contextId: drafted.contextId, taskId: drafted.id)
        guard case .task(let done) = try await router.send(approval) else { Issue.record("no task"); return }
        #expect(done.status.state == .completed, "\(done.status)")
        let text = (done.artifacts ?? []).flatMap(\.parts).compactMap(\.text).joined()
        #expect(text == "[routed to HR] Eighteen days.\n[approved: checked with HR]", "\(text)")
        let history = try WorkflowClient(store: try WorkflowStore(path: setup.db)).history(workflowID: "a2a-gate-1")
        #expect(history.contains { $0.eventType == .workflowExecutionSignaled && $0.attributes.signalName == "approve" })

        // CancelTask on a task waiting for approval cancels its run.
        guard case .task(let waiting) = try await router.send(Message(
            messageId: "gate-cancel", role: .user, parts: [.text("Where can I park?")],
            metadata: .object(["requireApproval": .bool(true)]))) else { Issue.record("no task"); return }
        #expect(waiting.status.state == .inputRequired)
        #expect(try await router.cancelTask(id: waiting.id).status.state == .canceled)
        let store = WorkflowClient(store: try WorkflowStore(path: setup.db))
        let canceled = await eventually(timeout: .seconds(30)) {
            (try? store.describe(workflowID: "a2a-gate-cancel"))?.record.status == .canceled
        }
        #expect(canceled, "the run waiting for approval was not canceled")

        // The run's steps come as WORKING status updates, the lines `route` prints.
        var steps: [String] = []
        for try await event in router.stream(Message(messageId: "progress-1", role: .user,
                                                     parts: [.text("How many vacation days do I get?")])) {
            if case .statusUpdate(let update) = event, update.status.state == .working, let text = update.status.message?.text {
                steps.append(text)
            }
        }
        #expect(steps.contains("→ discovering agents") && steps.contains("→ asking the HR agent"), "\(steps)")
        await setup.stop()
    }
}
