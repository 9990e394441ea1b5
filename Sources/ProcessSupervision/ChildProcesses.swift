import Foundation
import Synchronization

/// A group of child processes that are stopped together: SIGTERM, a grace period, then
/// SIGKILL. `switchboard demo` runs its agents and worker this way.
public final class ChildProcesses: Sendable {
    private let processes = Mutex<[(name: String, process: Process)]>([])

    public init() {}

    /// Starts `executable` (this same executable by default) with `arguments`; its output
    /// goes to the file `log`, which is created or truncated.
    /// - Throws: when the log cannot be created or the process cannot start.
    public func start(_ name: String, executable: String = ChildProcesses.currentExecutable(), arguments: [String],
                      environment: [String: String] = [:], log: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        guard FileManager.default.createFile(atPath: log.path, contents: nil) else {
            throw SupervisionError.cannotCreateLog(path: log.path)
        }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes.withLock { $0.append((name, process)) }
    }

    /// The running executable's path.
    public static func currentExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// Names of children that have exited already, in start order.
    public var exited: [String] { processes.withLock { $0.filter { !$0.process.isRunning }.map(\.name) } }

    /// Polls `pending` until it returns no names, failing early when a child exits.
    /// - Parameter pending: what the system still waits for (empty when ready); named in the
    ///   error when the deadline passes.
    /// - Throws: `SupervisionError.childExited` or `.notReady`.
    public func waitUntilReady(timeout: Duration = .seconds(30), pollInterval: Duration = .milliseconds(50),
                               pending: () async throws -> [String]) async throws {
        let deadline = ContinuousClock.now + timeout
        var waitingFor: [String] = []
        while true {
            if let dead = exited.first { throw SupervisionError.childExited(name: dead) }
            waitingFor = try await pending()
            if waitingFor.isEmpty { return }
            guard ContinuousClock.now + pollInterval < deadline else {
                throw SupervisionError.notReady(timeout: timeout, waitingFor: waitingFor)
            }
            try await Task.sleep(for: pollInterval)
        }
    }

    /// Sends SIGTERM to every child, waits up to `grace`, then kills what is left and reaps all.
    public func stopAll(grace: Duration = .seconds(5)) {
        let all = processes.withLock { $0 }
        for (_, process) in all where process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + grace
        while all.contains(where: { $0.process.isRunning }), ContinuousClock.now < deadline { usleep(20_000) }
        for (_, process) in all where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for (_, process) in all { process.waitUntilExit() }
    }
}
