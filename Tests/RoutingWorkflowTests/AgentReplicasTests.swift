import AgentTesting
import Foundation
import HTTPServerCore
import RoutingWorkflow
import Testing

/// Several URLs for one agent: how they are written, how calls spread across them, and failover
/// when one replica is down.
@Suite struct AgentReplicasTests {
    @Test func aListGivesAnAgentSeveralReplicas() throws {
        let endpoints = try AgentEndpoints(parsing: "hr=http://a:1, http://b:2 ,faq=http://c:3")
        #expect(endpoints.urls(forAgent: "hr", port: 9) == ["http://a:1", "http://b:2"])
        #expect(endpoints.url(forAgent: "hr", port: 9) == "http://a:1")
        #expect(endpoints.urls(forAgent: "faq", port: 9) == ["http://c:3"])
        #expect(endpoints.urls(forAgent: "other", port: 9) == ["http://127.0.0.1:9"])
        #expect(endpoints.replicaLists == [["http://a:1", "http://b:2"]])
        #expect(try AgentEndpoints(parsing: "  ").overrides.isEmpty)
        // A query with `=` in it is a URL, not an id.
        #expect(try AgentEndpoints(parsing: "hr=http://a:1,http://b:2/?x=1").urls(forAgent: "hr", port: 9)
            == ["http://a:1", "http://b:2/?x=1"])
    }

    @Test func repeatedFlagsAddReplicasAndFlagsReplaceTheEnvironment() throws {
        let flags = try AgentEndpoints(flags: ["hr=http://a:1", "hr=http://b:2,http://c:3", "faq=http://d:4"])
        #expect(flags.urls(forAgent: "hr", port: 9) == ["http://a:1", "http://b:2", "http://c:3"])
        let environment = try AgentEndpoints.fromEnvironment(["SWITCHBOARD_AGENT_URLS": "hr=http://x:1,http://y:2,faq=http://z:3"])
        let merged = environment.merging(try AgentEndpoints(flags: ["hr=http://a:1"]))
        #expect(merged.urls(forAgent: "hr", port: 9) == ["http://a:1"])
        #expect(merged.urls(forAgent: "faq", port: 9) == ["http://z:3"])
    }

    @Test(arguments: [
        ("hr=http://a:1,,http://b:2", "an empty URL"),
        ("hr=http://a:1,", "an empty URL"),
        ("hr=", "has an empty URL for agent hr"),
        ("hr=http://a:1,http://a:1", "'http://a:1' is given twice for agent hr"),
        ("hr=ftp://a:1", "'ftp://a:1' (agent hr) is not an http:// or https:// URL"),
        ("hr=http://a:1,b:2", "'b:2' (agent hr) is not an http:// or https:// URL"),
        ("http://a:1", "does not say which agent it is for"),
        ("=http://a:1", "has no agent id"),
    ])
    func badListsAreRefusedWithTheReason(list: String, reason: String) {
        #expect {
            try AgentEndpoints(parsing: list)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("SWITCHBOARD_AGENT_URLS")
        }
    }

    @Test func theSameURLInTwoFlagsIsRefused() {
        #expect {
            try AgentEndpoints(flags: ["hr=http://a:1", "hr=http://a:1"])
        } throws: { error in
            "\(error)".contains("--agent-url") && "\(error)".contains("given twice")
        }
    }

    /// Calls take turns across the replicas; one refusing connections and one answering 503 are
    /// passed over, so every call is answered by the live one, each exactly once.
    @Test func callsFailOverFromDownReplicasWithTheSameMessageId() async throws {
        let executor = SlowAnswerExecutor(chunks: ["Ten ", "days."], delay: .milliseconds(1))
        let live = try startAgent("hr", executor: executor, port: try freePort())
        let failing = HTTPServer(responder: AlwaysUnavailable())
        try failing.start()
        let refused = "http://127.0.0.1:\(try freePort())"
        let urls = [refused, "http://127.0.0.1:\(failing.port)", "http://127.0.0.1:\(live.port)"]
        let caller = A2AAgentCaller(replicaLists: [urls])
        for call in 0..<6 {
            let reply = try await caller.streamAnswer(baseURL: urls[call % 3], question: "Sick days?", messageID: "m-\(call)") { _ in }
            #expect(reply.text == "Ten days.")
        }
        #expect(executor.executions == 6)
        // A resend of a message the live replica already answered is that task again, not a new one.
        let again = try await caller.streamAnswer(baseURL: urls[0], question: "Sick days?", messageID: "m-0") { _ in }
        #expect(again.text == "Ten days." && executor.executions == 6)
        #expect(try await caller.fetchCard(baseURL: urls[0]).name.isEmpty == false)
        await failing.shutdown()
        await live.shutdown()
    }

    /// Cards looked up between calls do not change whose turn it is: calls alternate.
    @Test func callsAlternateBetweenLiveReplicas() async throws {
        let executors = (0..<2).map { _ in SlowAnswerExecutor(chunks: ["Ten days."], delay: .milliseconds(1)) }
        let agents = try executors.map { try startAgent("hr", executor: $0, port: try freePort()) }
        let urls = agents.map { "http://127.0.0.1:\($0.port)" }
        let caller = A2AAgentCaller(replicaLists: [urls])
        for call in 0..<6 {
            _ = try await caller.fetchCard(baseURL: urls[0])
            _ = try await caller.streamAnswer(baseURL: urls[0], question: "Sick days?", messageID: "alt-\(call)") { _ in }
        }
        #expect(executors.map(\.executions) == [3, 3])
        for agent in agents { await agent.shutdown() }
    }

    @Test func whenEveryReplicaIsDownTheLastErrorIsReported() async throws {
        let urls = ["http://127.0.0.1:\(try freePort())", "http://127.0.0.1:\(try freePort())"]
        let caller = A2AAgentCaller(replicaLists: [urls])
        await #expect {
            _ = try await caller.streamAnswer(baseURL: urls[0], question: "Hi", messageID: "m") { _ in }
        } throws: { error in
            "\(error)".contains("could not connect")
        }
    }

    /// The router with two real HR replicas still answers HR questions after one is killed.
    @Test func theRouterStillAnswersWithOneOfTwoReplicasKilled() async throws {
        try await Self.theRouterStillAnswersWithOneOfTwoReplicasKilled(store: [])
    }

    /// The same, with the replicas sharing their tasks through `store` (`--tasks-url ...`), as
    /// `PostgresReplicatedTasksTests` runs it.
    static func theRouterStillAnswersWithOneOfTwoReplicasKilled(store: [String]) async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let ports = [try freePort(), try freePort()]
        let replicas = try ports.enumerated().map { index, port in
            try Switchboard.launch("hr \(index)", ["agent", "hr", "--port", "\(port)"] + store)
        }
        for replica in replicas { try await replica.waitFor("listening") }
        let faqPort = try freePort()
        let flags = ["--agent-url", "hr=http://127.0.0.1:\(ports[0]),http://127.0.0.1:\(ports[1])",
                     "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
        // A fresh `route` looks up the card at the first replica, then calls it: with the first
        // killed, both fail over to the second.
        await replicas[0].kill()
        for round in 0..<3 {
            let route = try Switchboard.launch("route \(round)", ["route", "--db", db] + flags + ["How many sick days do I get?"])
            #expect(try await route.exitStatus() == 0, "\(route.text)")
            #expect(route.text.contains("[routed to HR]") && route.text.contains("10 days"), "\(route.text)")
            #expect(!route.text.contains("unreachable"), "\(route.text)")
        }
        withExtendedLifetime(replicas) {}
    }
}

/// A replica that is up but failing: every request gets HTTP 503.
private struct AlwaysUnavailable: HTTPResponder {
    func respond(to request: HTTPRequest) async -> HTTPResponse {
        HTTPResponse(status: 503, text: "overloaded\n")
    }
}
