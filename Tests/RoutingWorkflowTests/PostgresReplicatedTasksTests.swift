import A2AClient
import A2AProtocol
import AgentTesting
import Foundation
import Synchronization
import Testing

/// Replicas of the HR agent sharing their tasks on a real PostgreSQL server (`--tasks-url`),
/// started by each test: the scenarios of `ReplicatedTasksTests`, an outage of the server under
/// load, and the schema version check. Skipped, with the reason, where no server can be run.
@Suite(.serialized, .enabled(if: PostgresTestServer.unavailableReason == nil, "\(PostgresTestServer.unavailableReason ?? "")"))
struct PostgresReplicatedTasksTests {
    /// Runs `body` with a fresh server and database, and stops the server however `body` ends.
    static func withServer(_ body: (PostgresTestServer, _ store: [String]) async throws -> Void) async throws {
        let server = try await PostgresTestServer.start()
        do {
            let url = try await server.createDatabase("tasks")
            try await body(server, ["--tasks-url", url])
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test func aTaskSentToAIsSeenListedAndFollowedOnB() async throws {
        try await Self.withServer { _, store in try await ReplicatedTasksTests.aTaskSentToAIsSeenListedAndFollowedOnB(store: store) }
    }

    @Test func theSameMessageSentToBothAtOnceIsComputedOnce() async throws {
        try await Self.withServer { _, store in
            try await ReplicatedTasksTests.theSameMessageSentToBothAtOnceIsComputedOnce(store: store)
        }
    }

    @Test func cancelThroughBStopsTheComputationOnA() async throws {
        try await Self.withServer { _, store in try await ReplicatedTasksTests.cancelThroughBStopsTheComputationOnA(store: store) }
    }

    @Test func aReplicaKilledMidAnswerLeavesItsTaskToBAndPollersSeeAFailure() async throws {
        try await Self.withServer { _, store in
            try await ReplicatedTasksTests.aReplicaKilledMidAnswerLeavesItsTaskToBAndPollersSeeAFailure(store: store)
        }
    }

    /// The router with two HR replicas on one database still answers with one of them killed.
    @Test func theRouterStillAnswersWithOneOfTwoReplicasKilled() async throws {
        try await Self.withServer { _, store in try await AgentReplicasTests.theRouterStillAnswersWithOneOfTwoReplicasKilled(store: store) }
    }

    /// PostgreSQL stopped for 25 s, long enough for PostgresNIO's pool to wait about 6 s between
    /// its attempts to reconnect, with replica A under load and B idle: sends get -32603 and REST
    /// reads 503, each naming the unreachable store, without hanging; once the server is back,
    /// both replicas answer again within 1 s (each replaces its pool as soon as a connection of
    /// its own succeeds; B, which no call told, found the outage through its lost LISTEN
    /// connection). Measured 0.14–0.16 s; 2.1 and 2.4 s without the replacement.
    @Test func aStoreOutageUnderLoadGivesClearErrorsThenServiceResumesWithinSeconds() async throws {
        try await Self.withServer { server, store in
            let replicas = try await ReplicatedTasksTests.Replicas(fallback: .answer("Ten days."), store: store)
            let outcomes = LoadOutcomes()
            let load = Task {
                var index = 0
                while !Task.isCancelled {
                    index += 1
                    do {
                        _ = try await replicas.a.send(ReplicatedTasksTests.message("load-\(index)"))
                        outcomes.record(nil)
                    } catch {
                        outcomes.record("\(error)")
                        try? await Task.sleep(for: .milliseconds(20))  // failures come at once: pace them
                    }
                }
            }
            #expect(await eventually { outcomes.successes >= 20 })
            _ = try await replicas.b.send(ReplicatedTasksTests.message("before-b"))
            await server.pause()
            let stopped = ContinuousClock.now
            #expect(await eventually(timeout: .seconds(20)) { outcomes.failures >= 20 }, "\(outcomes.summary)")
            // The errors say what is wrong.
            #expect(outcomes.lastError?.contains("cannot be reached") == true, "\(outcomes.summary)")
            await #expect(throws: A2AClientError.self) { try await replicas.a.send(ReplicatedTasksTests.message("down-1")) }
            do {
                _ = try await replicas.a.send(ReplicatedTasksTests.message("down-2"))
                Issue.record("a send succeeded with the store down")
            } catch A2AClientError.protocolError(let error) {
                #expect(error.code == A2AError.internalErrorCode && error.message.contains("tasks store cannot be reached"), "\(error)")
            }
            let port = replicas.clients[0].baseURL.port ?? 0
            let rest = try await LoopbackHTTPClient.request(port: port, method: "GET", path: "/tasks/no-such-task",
                                                           headers: [("A2A-Version", "1.0")])
            #expect(rest.status == 503 && rest.text.contains("cannot be reached"), "\(rest.status) \(rest.text)")

            // The outage's length is the point here: the pool's wait between attempts grows with it.
            try await Task.sleep(until: stopped + .seconds(25))
            try await server.resume()
            let back = ContinuousClock.now
            async let onA = Self.timeUntilAnswering(replicas.a, name: "A", since: back)
            async let onB = Self.timeUntilAnswering(replicas.b, name: "B", since: back)
            for (name, took) in [("A", await onA), ("B", await onB)] {
                #expect(took.map { $0 < .seconds(1) } == true,
                        "replica \(name) answered again \(took.map { "\($0)" } ?? "not within 30 s") after the server was back")
            }
            let before = outcomes.successes
            #expect(await eventually(timeout: .seconds(10)) { outcomes.successes >= before + 20 }, "\(outcomes.summary)")
            load.cancel()
            _ = await load.value
            guard case .task(let answered) = try await replicas.b.send(ReplicatedTasksTests.message("after-1")) else {
                throw TestFailure("no task")
            }
            #expect(answered.status.state == .completed)
            #expect(try await replicas.a.getTask(id: answered.id).status.state == .completed)
            await replicas.stop()
        }
    }

    /// How long after `since` a send to `client` first succeeds (tried every 50 ms); nil when
    /// none did within 30 s.
    static func timeUntilAnswering(_ client: A2AClient, name: String, since: ContinuousClock.Instant) async -> Duration? {
        var attempt = 0
        let answered = await eventually(timeout: .seconds(30), every: .milliseconds(50)) {
            attempt += 1
            return (try? await client.send(ReplicatedTasksTests.message("back-\(name)-\(attempt)"))) != nil
        }
        return answered ? ContinuousClock.now - since : nil
    }

    /// With `--task-retention 1`, a finished task is deleted from the server (its row, message id
    /// and claim) once a replica settles another task more than a second later; a resend of its
    /// message then computes it anew.
    @Test func finishedTasksPastTheRetentionAreDeleted() async throws {
        try await Self.withServer { server, store in
            let replicas = try await ReplicatedTasksTests.Replicas(fallback: .answer("Ten days."),
                                                                   store: store + ["--task-retention", "1"])
            guard case .task(let old) = try await replicas.a.send(ReplicatedTasksTests.message("kept-briefly")) else {
                throw TestFailure("no task")
            }
            func count(_ sql: String) async throws -> Int { Int(try await server.psql(sql, database: "tasks")) ?? -1 }
            #expect(try await count("SELECT count(*) FROM a2a_tasks WHERE id = '\(old.id)'") == 1)
            var round = 0
            let deleted = try await eventually(timeout: .seconds(15), every: .milliseconds(200)) {
                round += 1
                _ = try await replicas.b.send(ReplicatedTasksTests.message("later-\(round)"))
                return try await count("SELECT count(*) FROM a2a_tasks WHERE id = '\(old.id)'") == 0
            }
            #expect(deleted)
            #expect(try await count("SELECT count(*) FROM a2a_task_messages WHERE message_id = 'kept-briefly'") == 0)
            #expect(try await count("SELECT count(*) FROM a2a_task_claims WHERE task_id = '\(old.id)'") == 0)
            guard case .task(let again) = try await replicas.b.send(ReplicatedTasksTests.message("kept-briefly")) else {
                throw TestFailure("no task")
            }
            #expect(again.id != old.id && again.status.state == .completed)
            #expect(replicas.model.requestCount == round + 2)
            await replicas.stop()
        }
    }

    /// A database whose tasks schema a newer switchboard wrote is refused at start, naming both
    /// versions; so is a database that does not exist, naming it.
    @Test func aNewerSchemaVersionOrAMissingDatabaseIsRefusedAtStart() async throws {
        try await Self.withServer { server, store in
            try await server.psql("""
                CREATE TABLE switchboard_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL);
                INSERT INTO switchboard_schema VALUES ('tasks', 99)
                """, database: "tasks")
            let agent = try Switchboard.launch("newer schema", ["agent", "hr", "--port", "0"] + store)
            #expect(try await agent.exitStatus() != 0)
            #expect(agent.text.contains("schema version 99, newer than this switchboard's (2)"), "\(agent.text)")

            // A database that does not exist is named as such, not as a server that cannot be reached.
            let missing = try Switchboard.launch("missing database", ["agent", "hr", "--port", "0", "--tasks-url",
                                                                       server.url(database: "missing")])
            #expect(try await missing.exitStatus() != 0)
            #expect(missing.text.contains("database \"missing\" does not exist"), "\(missing.text)")
        }
    }

    /// A server that takes TLS connections only: replicas that verify its certificate against
    /// its CA (`verify-full`) share their tasks through it; a CA that did not sign it, or no
    /// TLS at all, stops the agent at start with the reason.
    @Test(.enabled(if: TestCertificates.unavailableReason == nil, "\(TestCertificates.unavailableReason ?? "")"))
    func replicasReachATLSOnlyServerAndRefuseOneTheyCannotVerify() async throws {
        let certificates = try await TestCertificates.make()
        let server = try await PostgresTestServer.start(tlsOnlyWith: certificates)
        do {
            let url = try await server.createDatabase("tasks")
            let verified = url + "?sslmode=verify-full&sslrootcert=" + certificates.caPath
            let replicas = try await ReplicatedTasksTests.Replicas(fallback: .answer("Ten days."), store: ["--tasks-url", verified])
            guard case .task(let sent) = try await replicas.a.send(ReplicatedTasksTests.message("tls-1")) else {
                throw TestFailure("no task")
            }
            #expect(try await replicas.b.getTask(id: sent.id).artifacts?.first?.text == "Ten days.")
            let connections = try await server.psql("SELECT count(*) FROM pg_stat_ssl WHERE ssl", database: "tasks")
            #expect((Int(connections) ?? 0) >= 2, "TLS connections: \(connections)")
            await replicas.stop()

            let refusals = [
                (url + "?sslmode=verify-full&sslrootcert=" + certificates.otherCAPath,
                 "cannot be reached (the TLS handshake failed: the server's certificate is not signed by a trusted CA"),
                (url + "?sslmode=disable", "pg_hba.conf rejects connection for host \"127.0.0.1\", user \"switchboard\", database \"tasks\", no encryption"),
            ]
            for (badURL, reason) in refusals {
                let agent = try Switchboard.launch("refused", ["agent", "hr", "--port", "0", "--tasks-url", badURL])
                #expect(try await agent.exitStatus() != 0, "\(badURL)")
                #expect(agent.text.contains(reason), "\(badURL): \(agent.text)")
            }
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// A store that cannot be reached at start, and URLs that are not PostgreSQL's, stop the agent with the reason.
    @Test func anUnreachableStoreOrABadURLStopsTheAgentWithTheReason() async throws {
        let port = try freePort()
        let cases = [
            ("postgres://switchboard@127.0.0.1:\(port)/tasks", "PostgreSQL at 127.0.0.1:\(port)/tasks cannot be reached"),
            ("mysql://user@127.0.0.1/tasks", "the scheme is 'mysql', not postgres"),
            ("postgres://user@127.0.0.1:5432", "no database name"),
            ("postgres://127.0.0.1/tasks", "no user"),
            ("postgres://user@127.0.0.1/tasks?sslmode=verify", "sslmode=verify is not one of disable, allow, prefer"),
            ("postgres://user@127.0.0.1/tasks?sslmode=require&sslrootcert=/nonexistent/ca.pem",
             "sslrootcert=/nonexistent/ca.pem: no such readable file"),
            ("postgres://user@127.0.0.1/tasks?sslcert=/tmp/client.pem", "sslcert and sslkey go together"),
        ]
        for (url, reason) in cases {
            let agent = try Switchboard.launch("bad url", ["agent", "hr", "--port", "0"],
                                               environment: ["SWITCHBOARD_TASKS_URL": url])
            #expect(try await agent.exitStatus() != 0, "\(url)")
            #expect(agent.text.contains(reason), "\(url): \(agent.text)")
        }
    }
}

/// What the load of the outage test got: how many sends succeeded and failed, and the last error.
private final class LoadOutcomes: Sendable {
    private let state = Mutex<(successes: Int, failures: Int, lastError: String?)>((0, 0, nil))

    func record(_ error: String?) {
        state.withLock {
            if let error {
                $0.failures += 1
                $0.lastError = error
            } else {
                $0.successes += 1
            }
        }
    }

    var successes: Int { state.withLock { $0.successes } }
    var failures: Int { state.withLock { $0.failures } }
    var lastError: String? { state.withLock { $0.lastError } }
    var summary: String { state.withLock { "\($0.successes) succeeded, \($0.failures) failed, last error: \($0.lastError ?? "none")" } }
}
