import DurableEngine
import Foundation
import HTTPServerCore
import RoutingWorkflow

/// Starts a workflow, shows progress on stderr, waits for its result, and handles Ctrl-C by
/// detaching. Runs an embedded worker when no worker is alive on the history file.
struct WorkflowRunner {
    let store: WorkflowStore
    let embeddedWorkerAllowed: Bool
    let agentURLs: [String]

    /// The outcome of waiting.
    enum Outcome<Output: Sendable>: Sendable {
        case finished(Output)
        case failed(WorkflowFailed)
        case detached
    }

    func wait<Output: Decodable & Sendable>(for workflowID: String, as type: Output.Type, showProgress: Bool) async throws
        -> Outcome<Output>
    {
        let client = WorkflowClient(store: store)
        var embedded: (worker: Worker, task: Task<Void, any Error>)?
        if embeddedWorkerAllowed, try !client.hasLiveWorker() {
            let worker = Worker(store: store, workflows: RoutingSetup.workflows,
                                activities: try RoutingSetup.activities(agentURLs: agentURLs),
                                options: WorkerOptions(pollInterval: .milliseconds(50)), logger: Log.make("switchboard.worker"))
            note("no worker is running on \(store.path); running the workflow in this process")
            embedded = (worker, Task { try await worker.run() })
        }
        let progress = showProgress ? Task { await RouteProgressReporter(client: client, workflowID: workflowID).run { note($0) } } : nil
        let outcome = await withTaskGroup(of: Outcome<Output>?.self) { group -> Outcome<Output> in
            group.addTask {
                do {
                    return .finished(try await client.result(workflowID: workflowID, as: Output.self))
                } catch let failure as WorkflowFailed {
                    return .failed(failure)
                } catch {
                    return .failed(WorkflowFailed(workflowID: workflowID, status: .failed, message: "\(error)"))
                }
            }
            group.addTask {
                let signal = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
                return signal == nil ? nil : .detached
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .detached
        }
        progress?.cancel()
        if case .detached = outcome {
            note("detached: workflow \(workflowID) keeps running; get its result with: switchboard workflow result -w \(workflowID)")
            if embedded != nil { note("it was running in this process: start `switchboard worker` to let it finish") }
        }
        if let embedded {
            embedded.worker.shutdown()
            _ = try? await embedded.task.value
        }
        return outcome
    }
}

/// Writes a line to stderr.
func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
