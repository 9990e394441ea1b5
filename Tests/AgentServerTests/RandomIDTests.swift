import Foundation
import Testing
@testable import AgentServer

/// Task and context ids are lowercase version 4 UUIDs, and they differ.
@Suite struct RandomIDTests {
    @Test func idsAreLowercaseVersion4UUIDs() throws {
        var seen = Set<String>()
        for _ in 0..<1000 {
            let id = RandomID.uuid()
            #expect(id.count == 36)
            #expect(id == id.lowercased())
            let parsed = try #require(UUID(uuidString: id))
            #expect(parsed.uuidString.lowercased() == id)
            let bytes = parsed.uuid
            #expect(bytes.6 >> 4 == 4)
            #expect(bytes.8 >> 6 == 0b10)
            seen.insert(id)
        }
        #expect(seen.count == 1000)
    }
}
