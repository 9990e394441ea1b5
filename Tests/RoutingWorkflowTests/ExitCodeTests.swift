import AgentTesting
import DurableEngine
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

    /// A worker on a history file it cannot write says so and exits 2, before it says "ready".
    /// Root writes any file, so as root the worker runs as `nobody` through `setpriv`.
    @Test func aReadOnlyHistoryFileStopsTheWorkerBeforeReady() async throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("h.db").path
        _ = try WorkflowStore(path: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        // The directory stays writable, so SQLite opens the file (read-only, silently) and
        // creates its -wal and -shm: only the first write fails.
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: directory.path)
        var executable = BuiltExecutable.url("switchboard")
        var arguments = ["worker", "--db", path]
        if geteuid() == 0 {
            let setpriv = URL(fileURLWithPath: "/usr/bin/setpriv")
            guard FileManager.default.isExecutableFile(atPath: setpriv.path) else {
                print("skipped: running as root without /usr/bin/setpriv (util-linux), so no file is read-only")
                return
            }
            arguments = ["--reuid=65534", "--regid=65534", "--clear-groups", executable.path] + arguments
            executable = setpriv
            // A checkout that nobody may enter (a home directory at 0700, say) cannot run as nobody.
            let probe = try LaunchedProcess("probe", executable: setpriv, arguments: Array(arguments[0..<4]) + ["--version"])
            guard try await probe.exitStatus() == 0 else {
                print("skipped: the user nobody cannot run \(arguments[3]) (\(probe.text.prefix(200)))")
                return
            }
        }
        let worker = try LaunchedProcess("worker", executable: executable, arguments: arguments, environment: [
            "SWITCHBOARD_AGENTS_DIR": repositoryRoot.appendingPathComponent("agents").path,
            "SWITCHBOARD_PROMPTS_DIR": repositoryRoot.appendingPathComponent("prompts").path,
        ])
        #expect(try await worker.exitStatus() == 2, "\(worker.text)")
        #expect(worker.text.contains("read-only") && worker.text.contains(path), "\(worker.text)")
        #expect(!worker.text.contains("ready"), "\(worker.text)")
    }

    @Test(arguments: [
        (["route", "--id", "a\nb", "How many sick days do I get?"], Int32(2)),
        (["workflow", "describe", "-w", "no-such-run"], Int32(2)),
        (["workflow", "query"], Int32(64)),
        (["route"], Int32(64)),
        (["worker", "--lease", "0"], Int32(64)),
        (["worker", "--token", "x"], Int32(64)),
        (["worker", "--a2a-port", "70000"], Int32(64)),
    ])
    func otherFailuresHaveTheirCodes(arguments: [String], status: Int32) async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let command = try Switchboard.launch(arguments.joined(separator: " "), arguments + ["--db", db])
        #expect(try await command.exitStatus() == status, "\(command.text)")
    }
}
