import DurableEngine
import Foundation
import HTTPServerCore
import RoutingWorkflow

extension WorkflowRunner {
    /// The runner of `route` and `translate`: Ctrl-C or SIGTERM detaches, lines go to stderr,
    /// and the embedded worker (unless `--no-embedded-worker`) runs the routing workflows with
    /// the configured model and `--agent-url` endpoints.
    static func forCommand(store: WorkflowStore, embeddedWorkerAllowed: Bool, agentURLs: [String]) -> WorkflowRunner {
        let makeWorker: @Sendable () throws -> Worker = {
            Worker(store: store, workflows: RoutingSetup.workflows,
                   activities: try RoutingSetup.activities(agentURLs: agentURLs, model: try ModelWiring.provider()),
                   options: WorkerOptions(pollInterval: .milliseconds(50)), logger: Log.make("switchboard.worker"))
        }
        return WorkflowRunner(store: store, embeddedWorker: embeddedWorkerAllowed ? makeWorker : nil,
                              detachSignal: { await SignalWaiter.wait(for: [SIGINT, SIGTERM]) }, note: note)
    }
}
