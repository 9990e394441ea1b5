import DurableEngine
import Foundation

/// Waits for a workflow's result on behalf of a command: shows progress, runs an embedded
/// worker when no worker is alive on the history file, and detaches when `detachSignal`
/// fires first (the CLI passes Ctrl-C), leaving the workflow running.
public struct WorkflowRunner: Sendable {
    let store: WorkflowStore
    /// Makes the worker to run in this process when none is alive, or nil to never run one.
    let embeddedWorker: (@Sendable () throws -> Worker)?
    /// Returns when the caller should stop waiting (a signal); returns at once to detach at once.
    let detachSignal: @Sendable () async -> Void
    /// Receives the progress and diagnostic lines (the CLI writes them to stderr).
    let note: @Sendable (String) -> Void

    /// The outcome of waiting.
    public enum Outcome<Output: Sendable>: Sendable {
        case finished(Output)
        case failed(WorkflowFailed)
        case detached
    }

    public init(store: WorkflowStore, embeddedWorker: (@Sendable () throws -> Worker)?,
                detachSignal: @escaping @Sendable () async -> Void, note: @escaping @Sendable (String) -> Void) {
        self.store = store
        self.embeddedWorker = embeddedWorker
        self.detachSignal = detachSignal
        self.note = note
    }

    /// Waits for `workflowID` to close, or for the detach signal.
    /// - Throws: when the embedded worker cannot be made (a bad configuration) or the store fails.
    public func wait<Output: Decodable & Sendable>(for workflowID: String, as type: Output.Type, showProgress: Bool)
        async throws -> Outcome<Output>
    {
        let client = WorkflowClient(store: store)
        var embedded: (worker: Worker, task: Task<Void, any Error>)?
        if let embeddedWorker, try !client.hasLiveWorker() {
            let worker = try embeddedWorker()
            note("no worker is running on \(store.path); running the workflow in this process")
            embedded = (worker, Task { try await worker.run() })
        }
        let note = note
        let progress = showProgress
            ? Task { await RouteProgressReporter(client: client, workflowID: workflowID, interval: .milliseconds(20)).run { note($0) } }
            : nil
        let detachSignal = detachSignal
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
                await detachSignal()
                return Task.isCancelled ? nil : .detached
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .detached
        }
        if case .detached = outcome {
            progress?.cancel()
        } else {
            await progress?.end(within: .seconds(1))   // the run closed: the reporter writes its last lines
        }
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
