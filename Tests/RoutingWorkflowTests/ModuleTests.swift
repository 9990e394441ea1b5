import Testing
@testable import RoutingWorkflow

@Test func moduleLinks() {
    #expect(Bool(true))
}
