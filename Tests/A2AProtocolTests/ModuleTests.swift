import Testing
@testable import A2AProtocol

@Test func moduleLinks() {
    #expect(Bool(true))
}
