import ArgumentParser
import Foundation
import HTTPServerCore
import SwitchboardMetrics

/// `--metrics-port`, shared by the long-lived commands (`agent`, `worker`).
struct MetricsOptions: ParsableArguments {
    @Option(name: .customLong("metrics-port"), help: ArgumentHelp(
        "Serve Prometheus metrics at http://127.0.0.1:<port>/metrics (0 picks a free port).", valueName: "port"))
    var metricsPort: Int?

    func validate() throws {
        if let metricsPort, !(0...65_535).contains(metricsPort) {
            throw ValidationError("--metrics-port \(metricsPort) is out of range: it must be between 0 and 65535")
        }
    }

    /// Starts the metrics server when `--metrics-port` was given, and says where it listens.
    /// - Throws: `MetricsPortError` naming the port when it cannot be bound.
    func startServer(_ registry: MetricsRegistry) throws -> HTTPServer? {
        guard let metricsPort else { return nil }
        let server = try MetricsServer.start(registry: registry, port: metricsPort,
                                             logger: Log.make("switchboard.metrics"))
        FileHandle.standardError.write(Data("metrics on http://127.0.0.1:\(server.port)/metrics\n".utf8))
        return server
    }
}
