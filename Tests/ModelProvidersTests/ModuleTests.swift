import Testing
@testable import ModelProviders

@Test func moduleLinks() {
    #expect(Bool(true))
}
