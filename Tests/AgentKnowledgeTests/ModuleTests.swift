import Testing
@testable import AgentKnowledge

@Test func moduleLinks() {
    #expect(Bool(true))
}
