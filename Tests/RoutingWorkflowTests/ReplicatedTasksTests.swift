import A2AClient
import A2AProtocol
import AgentTesting
import Foundation
import Testing

/// Replicas of the HR agent, real `switchboard agent hr` processes, on one `--tasks-db` file,
/// answering with a fake OpenAI-compatible model whose request log counts the computations.
/// The scenarios take the store's arguments: `PostgresReplicatedTasksTests` runs them on a
/// PostgreSQL server (`--tasks-url`).
@Suite(.serialized) struct ReplicatedTasksTests {
    /// Two replicas on one store (a new file unless `store` names one) and the fake model they share.
    struct Replicas {
        let model: FakeOpenAIServer
        let processes: [LaunchedProcess]
        let clients: [A2AClient]

        init(fallback: FakeModelBehavior = .answer("Ten days of sick leave a year."), lease: String = "1",
             store: [String]? = nil) async throws {
            model = FakeOpenAIServer(fallback: fallback)
            try model.start()
            let storeArguments = try store ?? ["--tasks-db", temporaryDirectory().appendingPathComponent("tasks.db").path]
            var processes: [LaunchedProcess] = []
            var clients: [A2AClient] = []
            for name in ["A", "B"] {
                let port = try freePort()
                let process = try Switchboard.launch(
                    "replica \(name)", ["agent", "hr", "--port", "\(port)"] + storeArguments + ["--task-lease", lease,
                                        "--rate-limit", "0"],
                    environment: ["SWITCHBOARD_MODEL": "openai", "OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-test"])
                processes.append(process)
                clients.append(A2AClient(baseURL: URL(string: "http://127.0.0.1:\(port)")!))
            }
            for process in processes { try await process.waitFor("listening on", timeout: .seconds(30)) }
            self.processes = processes
            self.clients = clients
        }

        var a: A2AClient { clients[0] }
        var b: A2AClient { clients[1] }

        func stop() async {
            for process in processes { await process.stop() }
            await model.stop()
        }
    }

    static func message(_ id: String, _ text: String = "How many sick days do I get?") -> Message {
        Message(messageId: id, role: .user, parts: [Part(.text(text))])
    }

    static func collect(_ stream: AsyncThrowingStream<StreamResponse, any Error>) async throws -> [StreamResponse] {
        var events: [StreamResponse] = []
        for try await event in stream { events.append(event) }
        return events
    }

    static func text(_ task: A2ATask) -> String {
        (task.artifacts ?? []).flatMap(\.parts).compactMap(\.text).joined()
    }

    @Test func aTaskSentToAIsSeenListedAndFollowedOnB() async throws {
        try await Self.aTaskSentToAIsSeenListedAndFollowedOnB(store: nil)
    }

    static func aTaskSentToAIsSeenListedAndFollowedOnB(store: [String]?) async throws {
        let replicas = try await Replicas(fallback: .stallMidStream("Ten days of sick leave a year, and more.", milliseconds: 1500),
                                          store: store)
        guard case .task(let started) = try await replicas.a.send(Self.message("live-1"),
                                                                 configuration: SendMessageConfiguration(returnImmediately: true))
        else { throw TestFailure("no task") }
        #expect(try await replicas.b.getTask(id: started.id).id == started.id)
        // A streaming resend of the message to B joins the task A computes.
        async let resent = Self.collect(replicas.b.stream(Self.message("live-1")))
        // More streams on B share one reader of the file, and each gets every event.
        let b = replicas.b
        async let others = withThrowingTaskGroup(of: [StreamResponse].self) { group in
            for _ in 0..<8 { group.addTask { try await Self.collect(b.subscribe(taskID: started.id)) } }
            var all: [[StreamResponse]] = []
            for try await events in group { all.append(events) }
            return all
        }
        var events: [StreamResponse] = []
        for try await event in replicas.b.subscribe(taskID: started.id) { events.append(event) }
        guard case .task(let first)? = events.first, case .statusUpdate(let last)? = events.last else {
            throw TestFailure("unexpected events \(events)")
        }
        #expect(first.id == started.id && last.status.state == .completed)
        #expect(events.contains { if case .artifactUpdate = $0 { true } else { false } })
        #expect(try await others.map(\.count) == Array(repeating: events.count, count: 8))
        let joined = try await resent
        guard case .task(let joinedTask)? = joined.first, case .statusUpdate(let joinedEnd)? = joined.last else {
            throw TestFailure("unexpected events \(joined)")
        }
        #expect(joinedTask.id == started.id && joinedEnd.status.state == .completed)
        let done = try await replicas.b.getTask(id: started.id)
        #expect(done.status.state == .completed && Self.text(done).contains("Ten days of sick leave"), "\(done)")

        // Paging on B through tasks made on A.
        replicas.model.setFallback(.answer("Ten days."))
        for index in 0..<3 { _ = try await replicas.a.send(Self.message("list-\(index)")) }
        let first2 = try await replicas.b.listTasks(ListTasksRequest(pageSize: 2))
        #expect(first2.tasks.count == 2 && first2.totalSize == 4 && !first2.nextPageToken.isEmpty)
        let rest = try await replicas.b.listTasks(ListTasksRequest(pageSize: 2, pageToken: first2.nextPageToken))
        #expect(rest.tasks.count == 2 && rest.nextPageToken.isEmpty)
        #expect(Set((first2.tasks + rest.tasks).map(\.id)).count == 4)
        #expect(Set((first2.tasks + rest.tasks).map(\.id)).contains(started.id))
        #expect(replicas.model.requestCount == 4)
        await replicas.stop()
    }

    @Test func theSameMessageSentToBothAtOnceIsComputedOnce() async throws {
        try await Self.theSameMessageSentToBothAtOnceIsComputedOnce(store: nil)
    }

    static func theSameMessageSentToBothAtOnceIsComputedOnce(store: [String]?) async throws {
        let replicas = try await Replicas(fallback: .delayFirstByte(milliseconds: 20, then: "Ten days."), store: store)
        for round in 0..<50 {
            let message = Self.message("race-\(round)")
            async let onA = replicas.a.send(message)
            async let onB = replicas.b.send(message)
            guard case .task(let fromA) = try await onA, case .task(let fromB) = try await onB else { throw TestFailure("no task") }
            #expect(fromA.id == fromB.id, "round \(round)")
            #expect(fromA.status.state == .completed && fromB.status.state == .completed, "round \(round): \(fromA) \(fromB)")
            #expect(Self.text(fromB) == "Ten days.", "round \(round): \(fromB)")
            #expect(replicas.model.requestCount == round + 1, "round \(round)")
        }
        await replicas.stop()
    }

    @Test func cancelThroughBStopsTheComputationOnA() async throws {
        try await Self.cancelThroughBStopsTheComputationOnA(store: nil)
    }

    static func cancelThroughBStopsTheComputationOnA(store: [String]?) async throws {
        let replicas = try await Replicas(fallback: .stallMidStream("Ten days of sick leave a year, and more.", milliseconds: 8000),
                                          store: store)
        guard case .task(let started) = try await replicas.a.send(Self.message("cancel-1"),
                                                                 configuration: SendMessageConfiguration(returnImmediately: true))
        else { throw TestFailure("no task") }
        #expect(await eventually { (try? await replicas.b.getTask(id: started.id).status.state) == .working })
        let canceled = try await replicas.b.cancelTask(id: started.id)
        #expect(canceled.status.state == .canceled)
        #expect(try await replicas.a.getTask(id: started.id).status.state == .canceled)
        #expect(replicas.processes[0].text.contains("cannot") == false, "\(replicas.processes[0].text)")
        await replicas.stop()
    }

    /// A retention that is negative, under a second or not a number stops the agent with the reason.
    @Test(arguments: ["-1", "0.5", "nan"])
    func aBadTaskRetentionIsRefusedWithTheReason(retention: String) async throws {
        let path = try temporaryDirectory().appendingPathComponent("tasks.db").path
        let agent = try Switchboard.launch("bad retention", ["agent", "hr", "--port", "0", "--tasks-db", path,
                                                             "--task-retention=\(retention)"])
        #expect(try await agent.exitStatus() != 0)
        #expect(agent.text.contains("--task-retention must be 0 (keep for good) or at least 1 second"), "\(agent.text)")
    }

    @Test func aReplicaKilledMidAnswerLeavesItsTaskToBAndPollersSeeAFailure() async throws {
        try await Self.aReplicaKilledMidAnswerLeavesItsTaskToBAndPollersSeeAFailure(store: nil)
    }

    static func aReplicaKilledMidAnswerLeavesItsTaskToBAndPollersSeeAFailure(store: [String]?) async throws {
        let replicas = try await Replicas(fallback: .answer("Ten days of sick leave a year."), store: store)
        replicas.model.enqueue(.stallMidStream("Half an answer that never ends.", milliseconds: 60_000),
                                     .stallMidStream("Another answer that never ends.", milliseconds: 60_000))
        let configuration = SendMessageConfiguration(returnImmediately: true)
        guard case .task(let resent) = try await replicas.a.send(Self.message("killed-1"), configuration: configuration),
              case .task(let polled) = try await replicas.a.send(Self.message("killed-2"), configuration: configuration)
        else { throw TestFailure("no task") }
        #expect(await eventually { replicas.model.requestCount == 2 })
        await replicas.processes[0].kill()

        // A resend to B (before or after the lease ran out) is computed there, once.
        guard case .task(let answered) = try await replicas.b.send(Self.message("killed-1")) else { throw TestFailure("no task") }
        #expect(answered.id == resent.id && answered.status.state == .completed, "\(answered)")
        #expect(Self.text(answered) == "Ten days of sick leave a year.", "\(answered)")
        #expect(try await replicas.b.getTask(id: resent.id).status.state == .completed)
        #expect(replicas.model.requestCount == 3)

        // A client that only polls sees the other task fail, with the reason.
        var last: A2ATask?
        #expect(await eventually(timeout: .seconds(10), every: .milliseconds(100)) {
            last = try? await replicas.b.getTask(id: polled.id)
            return last?.status.state == .failed
        })
        #expect(last?.status.message?.text.contains("lease expired") == true, "\(String(describing: last))")
        await replicas.stop()
    }
}
