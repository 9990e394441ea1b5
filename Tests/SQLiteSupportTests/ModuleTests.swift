import Testing
@testable import SQLiteSupport

@Test func moduleLinks() {
    #expect(Bool(true))
}
