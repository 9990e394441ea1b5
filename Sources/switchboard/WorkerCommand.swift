import ArgumentParser
import DurableEngine
import Foundation
import HTTPServerCore
import RoutingWorkflow

/// `switchboard worker`: runs routing workflows and activities until SIGINT/SIGTERM.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run the durable worker that executes routing workflows and their activities.")

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("max-activities"), help: "Activity attempts running at once.")
    var maxActivities = 32

    @Option(name: .customLong("max-workflow-tasks"), help: "Workflow tasks running at once.")
    var maxWorkflowTasks = 16

    @Option(help: "Seconds a claim lasts without renewal; a dead worker's work is taken over after it.")
    var lease: Double = 10

    @Option(name: .customLong("agent-url"), help: "Where an agent listens, as id=URL (repeatable); overrides agents/*.yaml ports.")
    var agentURLs: [String] = []

    func validate() throws {
        guard maxActivities > 0, maxWorkflowTasks > 0 else { throw ValidationError("--max-activities and --max-workflow-tasks must be at least 1") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
    }

    func run() async throws {
        let store = try database.openStore()
        let worker = Worker(
            store: store, workflows: RoutingSetup.workflows,
            activities: try RoutingSetup.activities(agentURLs: agentURLs, model: try ModelWiring.provider()),
            options: WorkerOptions(maxConcurrentActivities: maxActivities, maxConcurrentWorkflowTasks: maxWorkflowTasks,
                                   leaseDuration: .seconds(lease)),
            logger: Log.make("switchboard.worker"))
        let running = Task { try await worker.run() }
        // "ready" only once the worker has registered itself (its first write) and claims work:
        // on a read-only or broken history file, the error comes instead.
        if try await !worker.waitUntilReady() { try await running.value }
        StartupPages.release()  // before the line below, which tells scripts the worker is up
        FileHandle.standardError.write(Data("worker \(worker.options.identity) ready on \(store.path)\n".utf8))
        let stop = Task {
            _ = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
            FileHandle.standardError.write(Data("worker stopping: finishing running work\n".utf8))
            worker.shutdown()
        }
        try await running.value
        stop.cancel()
    }
}

