import AgentTesting
import DurableEngine
import Foundation

/// `DurableTestWorker` child processes for the crash tests; each is killed when released.
enum TestWorker {
    /// Starts a worker on `db` that appends its side effects to `sideEffects`.
    /// `pollMilliseconds` is how often the worker looks for work when nobody wakes it.
    static func start(db: String, sideEffects: String, mode: String = "all", lease: Double = 1,
                      pollMilliseconds: Int = 10) throws -> LaunchedProcess {
        try LaunchedProcess("DurableTestWorker \(mode)", executable: BuiltExecutable.url("DurableTestWorker"),
                            arguments: [db, sideEffects, mode, "\(lease)", "\(pollMilliseconds)"])
    }
}

/// The lines of the side-effect file.
func sideEffectLines(_ path: String) -> [String] {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
}

/// Polls `condition` until it holds, or fails after `timeout`.
func waitUntil(_ what: String, timeout: Duration = .seconds(30), _ condition: () throws -> Bool) async throws {
    guard try await eventually(timeout: timeout, { try condition() }) else {
        throw StoreError("timed out waiting until \(what)")
    }
}
