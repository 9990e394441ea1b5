import AgentTesting
import Foundation
import Testing

/// Agents that require a bearer token, and a router that must send each one its own: read from
/// the same variables on both sides (`SWITCHBOARD_AGENT_TOKEN_<ID>`).
@Suite("Routing to token-protected agents", .serialized) struct TokenRoutingTests {
    static let tokens = ["SWITCHBOARD_AGENT_TOKEN_HR": "hr-s3cret", "SWITCHBOARD_AGENT_TOKEN_FAQ": "faq-s3cret"]

    @Test func theRouterSendsEachAgentItsTokenAndFailsFastWithoutIt() async throws {
        let hrPort = try freePort(), faqPort = try freePort()
        let hr = try Switchboard.launch("hr", ["agent", "hr", "--port", "\(hrPort)"], environment: Self.tokens)
        let faq = try Switchboard.launch("faq", ["agent", "faq", "--port", "\(faqPort)"], environment: Self.tokens)
        try await hr.waitFor("listening")
        try await faq.waitFor("listening")
        let flags = ["--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
        let directory = try temporaryDirectory()

        let routed = try Switchboard.launch("route", ["route", "--db", directory.appendingPathComponent("a.db").path] + flags
                                            + ["How many sick days do I get?"], environment: Self.tokens)
        #expect(try await routed.exitStatus() == 0, "\(routed.text)")
        #expect(routed.text.contains("[routed to HR]"), "\(routed.text)")

        // The FAQ token in the HR variable: the HR agent refuses it, and 401 is not retried.
        let wrong = ["SWITCHBOARD_AGENT_TOKEN_HR": "faq-s3cret", "SWITCHBOARD_AGENT_TOKEN_FAQ": "faq-s3cret"]
        let refused = try Switchboard.launch("route", ["route", "--db", directory.appendingPathComponent("b.db").path] + flags
                                             + ["How many sick days do I get?"], environment: wrong)
        #expect(try await refused.exitStatus(timeout: .seconds(30)) != 0, "\(refused.text)")
        #expect(refused.text.contains("401"), "\(refused.text)")
        withExtendedLifetime([hr, faq]) {}
    }

    @Test func anEmptyTokenVariableIsAnErrorNotAnOpenAgent() async throws {
        let agent = try Switchboard.launch("hr", ["agent", "hr", "--port", "\(try freePort())"],
                                           environment: ["SWITCHBOARD_AGENT_TOKEN_HR": ""])
        #expect(try await agent.exitStatus(timeout: .seconds(30)) != 0)
        #expect(agent.text.contains("SWITCHBOARD_AGENT_TOKEN_HR is empty"), "\(agent.text)")
    }
}
