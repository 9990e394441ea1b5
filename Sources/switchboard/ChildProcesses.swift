import Foundation

/// Child processes started by `demo`; all of them are stopped (SIGTERM, then SIGKILL) on `stopAll`.
final class ChildProcesses: @unchecked Sendable {
    // @unchecked Sendable: `processes` is guarded by `lock`.
    private let lock = NSLock()
    private var processes: [(name: String, process: Process)] = []

    /// Starts this same executable with `arguments`; its output goes to `log`.
    func start(_ name: String, arguments: [String], environment: [String: String] = [:], log: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executablePath())
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        lock.withLock { processes.append((name, process)) }
    }

    /// The running executable's path.
    static func executablePath() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Names of children that have exited already.
    var exited: [String] { lock.withLock { processes.filter { !$0.process.isRunning }.map(\.name) } }

    /// Sends SIGTERM to every child, waits up to `grace` seconds, then kills what is left.
    func stopAll(grace: Double = 5) {
        let all = lock.withLock { processes }
        for (_, process) in all where process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(grace)
        while all.contains(where: { $0.process.isRunning }), Date() < deadline { usleep(20_000) }
        for (_, process) in all where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for (_, process) in all { process.waitUntilExit() }
    }
}
