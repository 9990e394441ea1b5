import AgentTesting
import Foundation
import HTTPServerCore

/// `switchboard` child processes for end-to-end tests, with the repository's agents and prompts.
enum Switchboard {
    /// Starts `switchboard` with `arguments`; `name` labels its output in failures.
    static func launch(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> LaunchedProcess {
        var merged = environment
        merged["SWITCHBOARD_AGENTS_DIR"] = merged["SWITCHBOARD_AGENTS_DIR"] ?? repositoryRoot.appendingPathComponent("agents").path
        merged["SWITCHBOARD_PROMPTS_DIR"] = merged["SWITCHBOARD_PROMPTS_DIR"] ?? repositoryRoot.appendingPathComponent("prompts").path
        return try LaunchedProcess(name, executable: BuiltExecutable.url("switchboard"), arguments: arguments, environment: merged)
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh directory for one test's history file.
func temporaryDirectory() throws -> URL {
    TestDirectory.make("sb-route")
}

/// A free port on 127.0.0.1.
func freePort() throws -> Int { try LoopbackPort.free() }
