import AgentTesting
import Foundation
import HTTPServerCore
import Testing

/// A descriptor is closed once, by its owner. A second close of a number that another thread
/// has since been given closes that thread's file: in parallel test runs it surfaced as
/// "Empty reply from server", EBADF in curl and "disk I/O error" in SQLite.
@Suite struct DescriptorOwnershipTests {
    @Test func aConnectionThatFailsToConnectClosesItsSocketOnce() async throws {
        let nobodyListens = try LoopbackPort.free()
        let bystander = DescriptorBystander()
        bystander.start()
        for _ in 0..<5_000 {
            #expect(throws: (any Error).self) { _ = try LoopbackConnection(port: nobodyListens) }
        }
        #expect(await bystander.stop() == 0, "another thread's descriptors were closed under it")
    }
}
