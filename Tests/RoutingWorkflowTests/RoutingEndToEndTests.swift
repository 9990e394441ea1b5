import AgentServer
import AgentTesting
import DurableEngine
import Foundation
import RoutingWorkflow
import Testing

/// The routing system as a user runs it: real `switchboard` processes on loopback ports.
@Suite("Routing end to end", .serialized) struct RoutingEndToEndTests {
    /// Agents on free ports and the flags that point a worker or `route` at them.
    struct Agents {
        let hrPort: Int
        let faqPort: Int
        var urlFlags: [String] { ["--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)"] }
    }

    private func agentProcesses() async throws -> (Agents, [LaunchedProcess]) {
        let agents = Agents(hrPort: try freePort(), faqPort: try freePort())
        let hr = try Switchboard.launch("hr", ["agent", "hr", "--port", "\(agents.hrPort)"])
        let faq = try Switchboard.launch("faq", ["agent", "faq", "--port", "\(agents.faqPort)"])
        try await hr.waitFor("listening")
        try await faq.waitFor("listening")
        return (agents, [hr, faq])
    }

    @Test func routesAnHRAndAFAQQuestionThroughAWorker() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let (agents, processes) = try await agentProcesses()
        let worker = try Switchboard.launch("worker", ["worker", "--db", db] + agents.urlFlags)
        try await worker.waitFor("ready")
        let hr = try Switchboard.launch("route", ["route", "--db", db, "--no-embedded-worker", "How many sick days do I get?"])
        #expect(try await hr.exitStatus() == 0)
        #expect(hr.text.contains("[routed to HR]") && hr.text.contains("10 days"), "\(hr.text)")
        let faq = try Switchboard.launch("route", ["route", "--db", db, "--no-embedded-worker", "What is the guest Wi-Fi password?"])
        #expect(try await faq.exitStatus() == 0)
        #expect(faq.text.contains("[routed to FAQ]") && faq.text.contains("Meridian-Guest"), "\(faq.text)")
        withExtendedLifetime(processes) {}
    }

    @Test func anAgentThatIsDownAtStartIsRetriedUntilItAnswers() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let hrPort = try freePort(), faqPort = try freePort()
        let flags = ["--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
        let worker = try Switchboard.launch("worker", ["worker", "--db", db] + flags)
        try await worker.waitFor("ready")
        let route = try Switchboard.launch("route", ["route", "--db", db, "--id", "down-then-up", "--no-embedded-worker",
                                                     "How much does the company put into my HSA?"])
        try await route.waitFor("agent hr unreachable")          // a retry was scheduled and reported
        let hr = try Switchboard.launch("hr", ["agent", "hr", "--port", "\(hrPort)"])
        try await hr.waitFor("listening")
        #expect(try await route.exitStatus() == 0, "\(route.text)")
        #expect(route.text.contains("[routed to HR]"))
        let store = try WorkflowStore(path: db)
        let started = try WorkflowClient(store: store).history(workflowID: "down-then-up")
            .filter { $0.eventType == .activityTaskStarted && $0.attributes.lastFailure != nil }
        #expect(started.contains { ($0.attributes.attempt ?? 0) >= 2 && $0.attributes.lastFailure?.message.contains("unreachable") == true })
        withExtendedLifetime(worker) {}
    }

    @Test func aWorkerKilledMidStreamIsReplacedAndNothingRunsTwice() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let slow = SlowAnswerExecutor(chunks: (1...12).map { "part \($0). " }, delay: .milliseconds(250))
        let hrPort = try freePort(), faqPort = try freePort()
        let hr = try startAgent("hr", executor: slow, port: hrPort)
        let flags = ["--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
        let model = FakeOpenAIServer(fallback: .answer("hr"))
        try model.start()
        let modelEnvironment = ["SWITCHBOARD_MODEL": "openai", "OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-test"]
        let first = try Switchboard.launch("worker 1", ["worker", "--db", db, "--lease", "1"] + flags, environment: modelEnvironment)
        try await first.waitFor("ready")
        let client = WorkflowClient(store: try WorkflowStore(path: db))
        let run = try await client.start(RoutingWorkflow.self, input: RouteRequest(question: "How long is parental leave?"), id: "crash")
        // Kill the worker once the agent has started streaming (its heartbeat reached the history file).
        let streaming = try await eventually(timeout: .seconds(20)) {
            try client.describe(workflowID: run.workflowID).pendingActivities.first { $0.activityType == "call_agent" }?
                .lastHeartbeatTime != nil
        }
        try #require(streaming, "the agent call never started streaming")
        await first.kill()
        let second = try Switchboard.launch("worker 2", ["worker", "--db", db, "--lease", "1"] + flags, environment: modelEnvironment)
        let result = try await client.result(workflowID: run.workflowID, as: RouteResult.self, timeout: .seconds(60))
        #expect(result.agentID == "hr")
        #expect(result.answer == (1...12).map { "part \($0). " }.joined())
        #expect(slow.executions == 1, "the agent computed the answer \(slow.executions) times")
        #expect(model.requestCount == 1, "the model classified \(model.requestCount) times")
        await model.stop()
        let history = try client.history(workflowID: run.workflowID)
        for step in ["discover_agents", "render_classifier_prompt", "classify", "call_agent"] {
            #expect(history.filter { $0.eventType == .activityTaskScheduled && $0.attributes.activityType == step }.count == 1)
        }
        let call = history.first { $0.eventType == .activityTaskStarted && ($0.attributes.attempt ?? 1) > 1 }
        #expect(call?.attributes.lastFailure?.type == "WorkerLost")
        await hr.shutdown()
        withExtendedLifetime(second) {}
    }

    @Test func ctrlCDetachesAndTheResultCanBeFetchedLater() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let slow = SlowAnswerExecutor(chunks: ["Sixteen weeks ", "of paid leave."], delay: .milliseconds(700))
        let hrPort = try freePort(), faqPort = try freePort()
        let hr = try startAgent("hr", executor: slow, port: hrPort)
        let flags = ["--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
        let worker = try Switchboard.launch("worker", ["worker", "--db", db] + flags)
        try await worker.waitFor("ready")
        let route = try Switchboard.launch("route", ["route", "--db", db, "--id", "detach-me", "--no-embedded-worker",
                                                     "How long is parental leave?"])
        try await route.waitFor("asking the HR agent")
        route.signal(SIGINT)
        #expect(try await route.exitStatus() == 130)
        #expect(route.text.contains("switchboard workflow result -w detach-me"))
        let result = try Switchboard.launch("result", ["workflow", "result", "-w", "detach-me", "--db", db])
        #expect(try await result.exitStatus() == 0)
        #expect(result.text.contains("[routed to HR] Sixteen weeks of paid leave."), "\(result.text)")
        await hr.shutdown()
        withExtendedLifetime(worker) {}
    }

    @Test func theApprovalGateWaitsForASignal() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let (agents, processes) = try await agentProcesses()
        let route = try Switchboard.launch("route", ["route", "--db", db, "--id", "gated", "--require-approval"]
                                           + agents.urlFlags + ["When is payday?"])
        try await route.waitFor("waiting for approval")
        let draft = try Switchboard.launch("query", ["workflow", "query", "-w", "gated", "draft", "--db", db])
        #expect(try await draft.exitStatus() == 0)
        #expect(draft.text.contains("[routed to HR]"))
        let signal = try Switchboard.launch("signal", ["workflow", "signal", "gated", "approve", "--note", "checked", "--db", db])
        #expect(try await signal.exitStatus() == 0)
        #expect(try await route.exitStatus() == 0, "\(route.text)")
        #expect(route.text.contains("[approved: checked]"), "\(route.text)")
        withExtendedLifetime(processes) {}
    }

    @Test func aWorkflowFailureAndAUsageErrorHaveTheirOwnExitCodes() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let translate = try Switchboard.launch("translate", ["translate", "--db", db, "Good morning"],
                                               environment: ["SWITCHBOARD_MODEL": "local"])
        #expect(try await translate.exitStatus() == 1)
        #expect(translate.text.contains("translation needs a language model"), "\(translate.text)")
        let usage = try Switchboard.launch("route", ["route", "--db", db, ""])
        #expect(try await usage.exitStatus() == 64)
        #expect(usage.text.contains("the question is empty"))
    }

    @Test func aModelThatAnswers429TwiceIsRetriedWithItsRetryAfter() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let (agents, processes) = try await agentProcesses()
        let model = FakeOpenAIServer(fallback: .answer("faq"))
        model.enqueue(.status(429, retryAfter: "1"), .status(429, retryAfter: "1"))
        try model.start()
        let environment = ["SWITCHBOARD_MODEL": "openai", "OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-test"]
        let worker = try Switchboard.launch("worker", ["worker", "--db", db] + agents.urlFlags, environment: environment)
        try await worker.waitFor("ready")
        let route = try Switchboard.launch("route", ["route", "--db", db, "--id", "limited", "--no-embedded-worker", "Where can I park?"])
        #expect(try await route.exitStatus() == 0, "\(route.text)")
        #expect(route.text.contains("rate limiting (429)") && route.text.contains("[routed to FAQ]"), "\(route.text)")
        #expect(model.requestCount == 3)
        let show = try Switchboard.launch("show", ["workflow", "show", "-w", "limited", "-o", "json", "--db", db])
        #expect(try await show.exitStatus() == 0)
        let json = try JSONSerialization.jsonObject(with: Data(show.text.utf8)) as? [String: Any]
        let events = json?["events"] as? [[String: Any]] ?? []
        let started = events.compactMap { $0["activityTaskStartedEventAttributes"] as? [String: Any] }
        #expect(started.contains { ($0["attempt"] as? Int) == 3 && (($0["lastFailure"] as? [String: Any])?["message"] as? String)?.contains("429") == true })
        await model.stop()
        withExtendedLifetime((processes, worker)) {}
    }

    @Test func aModelThatAnswers401FailsFastNamingTheCredential() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let (agents, processes) = try await agentProcesses()
        let model = FakeOpenAIServer(fallback: .status(401))
        try model.start()
        let environment = ["SWITCHBOARD_MODEL": "openai", "OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-wrong-key"]
        let route = try Switchboard.launch("route", ["route", "--db", db] + agents.urlFlags + ["When is payday?"], environment: environment)
        #expect(try await route.exitStatus() == 1, "\(route.text)")
        #expect(route.text.contains("OPENAI_API_KEY was rejected"), "\(route.text)")
        #expect(!route.text.contains("sk-wrong-key"))
        #expect(model.requestCount == 1, "a 401 must not be retried")
        await model.stop()
        withExtendedLifetime(processes) {}
    }
}
