import AgentTesting
import Foundation
import Testing

/// A router is just another agent: an inner Router, added under `agents/` as a definition and a
/// knowledge file like any agent's, with no code change, is routed to like the HR agent, and
/// routes on in turn.
@Suite struct RouterToRouterTests {
    @Test func aRouterRoutesToAnotherRouterDefinedUnderAgents() async throws {
        let chunks = ["Eighteen ", "days ", "a year."]
        let inner = try await RouterSetup.start(answeringWith: SlowAnswerExecutor(chunks: chunks, delay: .milliseconds(50)))

        // The outer router's agents: HR and FAQ, and the inner router as `router2`.
        let agents = try temporaryDirectory().appendingPathComponent("agents")
        try FileManager.default.copyItem(at: repositoryRoot.appendingPathComponent("agents"), to: agents)
        try """
            id: router2
            name: Inner Router
            description: Routes questions about HR and the office to the agent that knows.
            version: 1.0.0
            port: \(inner.routerPort)
            persona_prompt: prompts/faq_agent.jinja2
            knowledge:
              - knowledge/router2.md
            skills:
              - id: route
                name: Route a question
                description: Any question for the HR or FAQ agents.
                tags: [routing]
                examples: [How many vacation days do I get?]
            """.write(to: agents.appendingPathComponent("router2.yaml"), atomically: true, encoding: .utf8)
        try "## What it routes\n\nVacation, pay, benefits and leave go to HR; the office and its facilities go to the FAQ.\n"
            .write(to: agents.appendingPathComponent("knowledge/router2.md"), atomically: true, encoding: .utf8)

        // The outer classifier is a fake model that always names router2.
        let model = FakeOpenAIServer(fallback: .answer("router2"))
        try model.start()
        let db = try temporaryDirectory().appendingPathComponent("outer.db").path
        let route = try Switchboard.launch("outer route", ["route", "--db", db, "--quiet"] + inner.agentFlags
                                           + ["--agent-url", "router2=\(inner.routerURL)", "How many vacation days do I get?"],
                                           environment: ["SWITCHBOARD_AGENTS_DIR": agents.path, "SWITCHBOARD_MODEL": "openai",
                                                         "OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-test"])
        #expect(try await route.exitStatus() == 0, "\(route.text)")
        #expect(route.standardOutput == "[routed to ROUTER2] [routed to HR] " + chunks.joined() + "\n", "\(route.text)")
        await model.stop()
        await inner.stop()
    }
}
