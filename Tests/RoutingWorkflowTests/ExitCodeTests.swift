import AgentTesting
import Foundation
import Testing

/// One exit code per outcome, the same for every command: 0 done, 1 the workflow failed,
/// 2 could not run, 64 usage, 130 detached (the README's table).
@Suite("Exit codes", .serialized) struct ExitCodeTests {
    /// A history file that is not a database: every command that opens it could not run.
    static func brokenHistory() throws -> String {
        let path = try temporaryDirectory().appendingPathComponent("broken.db").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test(arguments: [
        ["workflow", "list"], ["workflow", "describe", "-w", "x"], ["workflow", "show", "-w", "x"], ["worker"],
        ["route", "How many sick days do I get?"],
    ])
    func aBrokenHistoryFileMeansCouldNotRun(arguments: [String]) async throws {
        let path = try Self.brokenHistory()
        let command = try Switchboard.launch(arguments.joined(separator: " "), arguments + ["--db", path])
        #expect(try await command.exitStatus() == 2, "\(command.text)")
        #expect(command.text.contains(path), "\(command.text)")
        #expect(!command.text.contains("ready"))
    }

    @Test(arguments: [
        (["route", "--id", "a\nb", "How many sick days do I get?"], Int32(2)),
        (["workflow", "describe", "-w", "no-such-run"], Int32(2)),
        (["workflow", "query"], Int32(64)),
        (["route"], Int32(64)),
        (["worker", "--lease", "0"], Int32(64)),
    ])
    func otherFailuresHaveTheirCodes(arguments: [String], status: Int32) async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let command = try Switchboard.launch(arguments.joined(separator: " "), arguments + ["--db", db])
        #expect(try await command.exitStatus() == status, "\(command.text)")
    }
}
