import AgentTesting
import Foundation
import HTTPServerCore

/// A `switchboard` child process for end-to-end tests: output captured line by line, waits
/// with deadlines, and always killed when the test lets go of it.
final class SwitchboardProcess: @unchecked Sendable {
    // @unchecked Sendable: `output` is guarded by `lock`; `process` is only started and signalled.
    let process = Process()
    private let lock = NSLock()
    private var output = ""
    let name: String

    /// The `switchboard` executable built next to the test bundle.
    static var executable: URL {
        let bundle = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: bundle).deletingLastPathComponent().appendingPathComponent("switchboard")
    }

    init(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        self.name = name
        process.executableURL = Self.executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged["SWITCHBOARD_AGENTS_DIR"] = repositoryRoot.appendingPathComponent("agents").path
        merged["SWITCHBOARD_PROMPTS_DIR"] = repositoryRoot.appendingPathComponent("prompts").path
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        pipe.fileHandleForReading.readabilityHandler = { [weak self] handle in
            let data = handle.availableData
            guard let self, !data.isEmpty else { return }
            self.lock.withLock { self.output += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Everything printed so far (stdout and stderr).
    var text: String { lock.withLock { output } }

    /// Waits until the output contains `needle`.
    func waitFor(_ needle: String, timeout: Double = 30) async throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !text.contains(needle) {
            if Date() > deadline || !process.isRunning && !text.contains(needle) {
                try? await Task.sleep(for: .milliseconds(50))
                if text.contains(needle) { return }
                throw TestFailure("\(name): no '\(needle)' within \(timeout) s; output:\n\(text)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for the process to exit and returns its status.
    func exitStatus(timeout: Double = 60) async throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline { throw TestFailure("\(name) still running after \(timeout) s; output:\n\(text)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        try? await Task.sleep(for: .milliseconds(50))   // let the last output arrive
        return process.terminationStatus
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// A fresh directory for one test's history file.
func temporaryDirectory() throws -> URL {
    TestDirectory.make("sb-route")
}

/// A free port on 127.0.0.1.
func freePort() throws -> Int { try LoopbackPort.free() }
