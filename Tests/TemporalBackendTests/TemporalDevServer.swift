import AgentTesting
import Foundation
import TemporalBackend

/// The dev server of this test process (`TemporalDevServerProcess.shared()`), started once on
/// first use and stopped by its PID when the process exits. Tests that need it are skipped, with the
/// reason, when the binary is missing.
final class TemporalDevServer: Sendable {
    let server: TemporalDevServerProcess
    var address: String { server.address }
    var process: LaunchedProcess { server.process }
    var directory: URL { server.directory }

    /// Why the Temporal tests cannot run here, or nil when they can.
    static var unavailableReason: String? { TemporalDevServerProcess.unavailableReason }

    /// The one server of this test process, started on first use.
    static func shared() async throws -> TemporalDevServer {
        TemporalDevServer(server: try await TemporalDevServerProcess.shared())
    }

    private init(server: TemporalDevServerProcess) {
        self.server = server
    }

    /// Settings for this server with a task queue of the test's own.
    func settings(taskQueue: String = "t-\(UUID().uuidString.prefix(8))") throws -> TemporalSettings {
        try TemporalSettings(address: address, taskQueue: taskQueue)
    }

    /// Runs the `temporal` CLI against this server; returns its exit status and output.
    func cli(_ arguments: [String]) async throws -> (Int32, String) {
        try await server.cli(arguments)
    }
}
