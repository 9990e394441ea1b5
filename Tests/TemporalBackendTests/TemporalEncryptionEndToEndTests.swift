import AgentTesting
import Foundation
import Testing

extension TemporalEndToEndTests {
    /// With SWITCHBOARD_ENCRYPTION_KEY set on the worker and the client, a question routes as
    /// before, yet the dev server's database holds none of its text; without the key, or with
    /// another one, the result is refused by name.
    @Test func encryptedPayloadsKeepTheQuestionOutOfTheServersDatabase() async throws {
        let key = ["SWITCHBOARD_ENCRYPTION_KEY": Data((0..<32).map { UInt8($0 * 7 % 256) }).base64EncodedString()]
        let system = try await System(environment: key)
        let marker = "zebra\(UUID().uuidString.prefix(8).lowercased())"
        let id = "enc-\(system.taskQueue)"
        let route = try Self.launch("route", ["route"] + system.flags + ["--id", id, "How many sick days do I get? (\(marker))"],
                                    environment: key)
        #expect(try await route.exitStatus() == 0)
        #expect(route.standardOutput.contains("[routed to HR]") && route.standardOutput.contains("10 days"), "\(route.text)")

        let database = try system.server.databaseBytes()
        #expect(database.firstRange(of: Array(id.utf8)) != nil, "the workflow ID is plain, so this is the file the server writes")
        #expect(database.firstRange(of: Array(marker.utf8)) == nil, "the question's text reached the server's database")

        let keyless = try Self.launch("result", ["workflow", "result", "-w", id, "--timeout", "30"] + system.flags)
        #expect(try await keyless.exitStatus() != 0)
        #expect(keyless.text.contains("SWITCHBOARD_ENCRYPTION_KEY") && !keyless.text.contains("10 days"), "\(keyless.text)")
        let otherKey = ["SWITCHBOARD_ENCRYPTION_KEY": Data(repeating: 1, count: 32).base64EncodedString()]
        let wrong = try Self.launch("result", ["workflow", "result", "-w", id, "--timeout", "30"] + system.flags, environment: otherKey)
        #expect(try await wrong.exitStatus() != 0)
        #expect(wrong.text.contains("wrong key"), "\(wrong.text)")
        let keyed = try Self.launch("result", ["workflow", "result", "-w", id, "--timeout", "30"] + system.flags, environment: key)
        #expect(try await keyed.exitStatus() == 0)
        #expect(keyed.standardOutput.contains("10 days"), "\(keyed.text)")
        await system.stop()
    }
}

extension TemporalDevServer {
    /// The bytes of the server's SQLite database as they stand on disk (the main file and its
    /// write-ahead log, if any).
    func databaseBytes() throws -> [UInt8] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("temporal.db") }
        return try files.flatMap { Array(try Data(contentsOf: directory.appendingPathComponent($0))) }
    }
}
