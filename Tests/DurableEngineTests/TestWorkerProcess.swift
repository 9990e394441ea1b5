import Foundation

/// A `DurableTestWorker` child process; killed when released.
final class TestWorkerProcess: @unchecked Sendable {
    // @unchecked Sendable: the process is only started and signalled.
    let process = Process()

    init(db: String, sideEffects: String, mode: String = "all", lease: Double = 1) throws {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        process.executableURL = URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("DurableTestWorker")
        process.arguments = [db, sideEffects, mode, "\(lease)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    deinit { kill() }

    func kill() {
        if process.isRunning {
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }
}

/// The lines of the side-effect file.
func sideEffectLines(_ path: String) -> [String] {
    ((try? String(contentsOfFile: path, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
}

/// Polls `condition` every 10 ms until it holds, or fails after `timeout` seconds.
func waitUntil(_ what: String, timeout: Double = 30, _ condition: () throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while try !condition() {
        guard Date() < deadline else { throw StoreError("timed out waiting until \(what)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

import DurableEngine
