import Testing
@testable import DurableEngine

@Test func moduleLinks() {
    #expect(Bool(true))
}
