import ArgumentParser
import Foundation
import RoutingWorkflow
import DurableEngine
import HTTPServerCore
import TemporalBackend

/// `--temporal-address`, `--namespace` and `--task-queue`: with an address (or TEMPORAL_ADDRESS),
/// the command runs against a Temporal cluster and opens no history file.
struct TemporalOptions: ParsableArguments {
    @Option(name: .customLong("temporal-address"),
            help: "A Temporal frontend as HOST:PORT (default: $TEMPORAL_ADDRESS); runs on Temporal instead of the history file.")
    var address: String?

    @Option(help: "The Temporal namespace (default: $TEMPORAL_NAMESPACE, else default).")
    var namespace: String?

    @Option(name: .customLong("task-queue"), help: "The Temporal task queue (default: switchboard).")
    var taskQueue: String?

    @OptionGroup(title: "Temporal TLS and API key") var security: TemporalSecurityOptions

    /// The settings, or nil when no address is set (the SQLite engine is used); payloads are
    /// encrypted when SWITCHBOARD_ENCRYPTION_KEY is set.
    func settings(identity: String? = nil) throws -> TemporalSettings? {
        do {
            return try TemporalSettings.resolve(address: address, namespace: namespace, taskQueue: taskQueue, identity: identity,
                                                codec: PayloadCodec.fromEnvironment(), security: security.security)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    /// A client of the cluster, or nil when no address is set.
    func client() throws -> TemporalWorkflowClient? {
        try settings().map { TemporalWorkflowClient(connection: try TemporalConnection(settings: $0)) }
    }
}

extension TemporalWorkflowClient {
    /// Waits for the result, or detaches on Ctrl-C / SIGTERM, as `route` and `translate` do.
    func waitOrDetach<Output: Decodable & Sendable>(for workflowID: String, as type: Output.Type) async
        -> WorkflowRunner.Outcome<Output>
    {
        await withTaskGroup(of: WorkflowRunner.Outcome<Output>?.self) { group in
            group.addTask {
                do {
                    return .finished(try await result(workflowID: workflowID, as: Output.self))
                } catch let failure as WorkflowFailed {
                    return .failed(failure)
                } catch {
                    return .failed(WorkflowFailed(workflowID: workflowID, status: .failed, message: "\(error)"))
                }
            }
            group.addTask {
                _ = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
                return Task.isCancelled ? nil : .detached
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            if case .detached = first {
                note("detached: workflow \(workflowID) keeps running on Temporal; get its result with: switchboard workflow result -w \(workflowID)")
            }
            return first ?? .detached
        }
    }
}
