import Foundation
import Synchronization

/// A child process for tests, started at once. Its stdout and stderr are read by threads of
/// their own (never on the cooperative pool), its exit is observed through Foundation's
/// termination handler, every wait has a deadline, and it is killed when released.
///
/// ```swift
/// let agent = try LaunchedProcess("hr", executable: BuiltExecutable.url("switchboard"), arguments: ["agent", "hr"])
/// try await agent.waitFor("listening")
/// #expect(await agent.stop() == 0)
/// ```
public final class LaunchedProcess: Sendable {
    /// What the process printed, and whether it has exited.
    private struct State {
        var combined: [UInt8] = []
        var standardOutput: [UInt8] = []
        var openStreams = 2
        var exitStatus: Int32?
    }

    /// The state, shared with the reader threads and the termination handler.
    private final class Shared: Sendable {
        let state = Mutex(State())
    }

    /// A name for messages ("worker 1").
    public let name: String
    /// The child's process id.
    public let processIdentifier: Int32
    private let shared = Shared()
    /// Kept so Foundation's bookkeeping of the child lives as long as this object.
    private let process: Process

    /// Starts `executable` with `arguments`; `environment` is added to this process's own.
    /// - Throws: when the executable cannot be started.
    public init(_ name: String, executable: URL, arguments: [String] = [], environment: [String: String] = [:],
                directory: URL? = nil) throws {
        self.name = name
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        if let directory { process.currentDirectoryURL = directory }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        // Set before `run`, so an exit is never missed.
        process.terminationHandler = { [shared] finished in
            let status = finished.terminationStatus
            shared.state.withLock { $0.exitStatus = status }
        }
        try process.run()
        processIdentifier = process.processIdentifier
        Self.remember(processIdentifier)
        // Our copies of the write ends: closed, so the readers see end-of-file when the child exits.
        try? output.fileHandleForWriting.close()
        try? errors.fileHandleForWriting.close()
        Self.read(output.fileHandleForReading, into: shared, isStandardOutput: true)
        Self.read(errors.fileHandleForReading, into: shared, isStandardOutput: false)
    }

    deinit {
        if isRunning { Glibc.kill(processIdentifier, SIGKILL) }
        Self.running.withLock { _ = $0.remove(processIdentifier) }
    }

    /// Children not yet released. A test that ends with its processes still referenced (by a
    /// clean-up task that has not run when the test runner exits) would otherwise leave them
    /// running: they are killed when the test process exits (the handler is registered with the
    /// first child).
    private static let running: Mutex<Set<Int32>> = {
        atexit {
            for pid in LaunchedProcess.running.withLock({ $0 }) { Glibc.kill(pid, SIGKILL) }
        }
        return Mutex([])
    }()

    private static func remember(_ pid: Int32) {
        running.withLock { _ = $0.insert(pid) }
    }

    /// Reads `handle` to its end on a thread of its own.
    private static func read(_ handle: FileHandle, into shared: Shared, isStandardOutput: Bool) {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = buffer.withUnsafeMutableBytes { Glibc.read(handle.fileDescriptor, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { break }
                shared.state.withLock {
                    $0.combined += buffer[0..<count]
                    if isStandardOutput { $0.standardOutput += buffer[0..<count] }
                }
            }
            shared.state.withLock { $0.openStreams -= 1 }
        }
        thread.name = "test-process-reader"
        thread.start()
    }

    /// Everything printed so far, stdout and stderr in the order they arrived.
    public var text: String { shared.state.withLock { String(decoding: $0.combined, as: UTF8.self) } }

    /// What was printed on stdout alone.
    public var standardOutput: String { shared.state.withLock { String(decoding: $0.standardOutput, as: UTF8.self) } }

    /// False once the process has exited.
    public var isRunning: Bool { shared.state.withLock { $0.exitStatus == nil } }

    /// Waits until the output contains `needle`.
    /// - Throws: `LaunchedProcess.Failure` when the process ends first or the deadline passes.
    public func waitFor(_ needle: String, timeout: Duration = .seconds(30)) async throws {
        let found = await eventually(timeout: timeout) {
            text.contains(needle) || shared.state.withLock { $0.exitStatus != nil && $0.openStreams == 0 }
        }
        guard found, text.contains(needle) else {
            throw Failure("\(name): no '\(needle)' within \(timeout)\(isRunning ? "" : " (it exited)"); output:\n\(text)")
        }
    }

    /// Waits for the process to exit and for the last of its output, and returns its status.
    /// - Throws: `LaunchedProcess.Failure` when it is still running after `timeout`.
    public func exitStatus(timeout: Duration = .seconds(60)) async throws -> Int32 {
        guard await eventually(timeout: timeout, { !isRunning }) else {
            throw Failure("\(name) still running after \(timeout); output:\n\(text)")
        }
        // A grandchild that inherited the pipes could hold them open: do not wait for it long.
        _ = await eventually(timeout: .seconds(5)) { shared.state.withLock { $0.openStreams == 0 } }
        return shared.state.withLock { $0.exitStatus ?? -1 }
    }

    /// Sends `number` (SIGINT, SIGKILL...) to the process.
    public func signal(_ number: Int32) {
        if isRunning { Glibc.kill(processIdentifier, number) }
    }

    /// Stops the process: SIGTERM, then SIGKILL if it has not exited within `grace`; returns
    /// its exit status (nil if even SIGKILL did not end it within 10 s).
    @discardableResult
    public func stop(grace: Duration = .seconds(10)) async -> Int32? {
        signal(SIGTERM)
        if let status = try? await exitStatus(timeout: grace) { return status }
        signal(SIGKILL)
        return try? await exitStatus(timeout: .seconds(10))
    }

    /// Kills the process with SIGKILL and waits until it is gone.
    public func kill() async {
        signal(SIGKILL)
        _ = try? await exitStatus(timeout: .seconds(10))
    }

    /// A launched process did not do what a test waited for; the message includes its output.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }
}
