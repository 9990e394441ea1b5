import Testing
@testable import HTTPServerCore

@Test func moduleLinks() {
    #expect(Bool(true))
}
