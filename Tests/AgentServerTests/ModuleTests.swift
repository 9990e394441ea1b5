import Testing
@testable import AgentServer

@Test func moduleLinks() {
    #expect(Bool(true))
}
