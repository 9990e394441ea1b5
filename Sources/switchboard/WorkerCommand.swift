import A2AProtocol
import AgentKnowledge
import AgentServer
import ArgumentParser
import DurableEngine
import Foundation
import HTTPServerCore
import RouterAgent
import RoutingWorkflow
import SwitchboardMetrics
import TemporalBackend

/// `switchboard worker`: runs routing workflows and activities until SIGINT/SIGTERM.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run the durable worker that executes routing workflows and their activities.")

    @OptionGroup var database: DatabaseOptions

    /// With an address, the worker polls a Temporal task queue instead of the history file.
    @OptionGroup var temporal: TemporalOptions

    @Option(help: "The worker's name on Temporal (default: pid@host).")
    var identity: String?

    // 100, as the Temporal Python SDK's worker: an attempt mostly waits on an agent or a model,
    // and a slot that is free lets a workflow task start its activity at once, in its commit.
    @Option(name: .customLong("max-activities"), help: "Activity attempts running at once.")
    var maxActivities = 100

    @Option(name: .customLong("max-workflow-tasks"), help: "Workflow tasks running at once.")
    var maxWorkflowTasks = 16

    @Option(help: "Seconds a claim lasts without renewal; a dead worker's work is taken over after it.")
    var lease: Double = 10

    @Option(name: .customLong("agent-url"), help: "Where an agent listens, as id=URL[,URL...] (repeatable; several URLs are replicas); overrides agents/*.yaml ports.")
    var agentURLs: [String] = []

    @Option(name: .customLong("a2a-port"), help: "Also serve the Router as an A2A agent on this port (e.g. 9100).")
    var a2aPort: Int?

    @Option(name: .customLong("a2a-host"), help: "The address the Router agent listens on.")
    var a2aHost = "127.0.0.1"

    /// The Router agent's token (also SWITCHBOARD_AGENT_TOKEN_ROUTER) and rate limit.
    @OptionGroup var access: A2AAccessOptions

    @OptionGroup var metricsOptions: MetricsOptions

    func validate() throws {
        if let a2aPort, !(0...65_535).contains(a2aPort) { throw ValidationError("--a2a-port must be between 0 and 65535") }
        if a2aPort == nil, access.token != nil || access.tokenFile != nil {
            throw ValidationError("--token and --token-file protect the Router agent: give --a2a-port too")
        }
        guard maxActivities > 0, maxWorkflowTasks > 0 else { throw ValidationError("--max-activities and --max-workflow-tasks must be at least 1") }
        if try temporal.settings() != nil, a2aPort != nil {
            throw ValidationError("""
                --a2a-port is not supported with a Temporal address: the Router agent follows its runs and reads its tasks \
                back through the history file's client (live output, drafts, RouterTaskSource), which Temporal has no \
                counterpart of yet. Run the Router agent on a history file (`switchboard worker --a2a-port PORT`), or \
                route on Temporal with `switchboard route --temporal-address`.
                """)
        }
        if identity != nil, try temporal.settings() == nil { throw ValidationError("--identity needs a Temporal address") }
        guard lease >= 1 else { throw ValidationError("--lease must be at least 1 second") }
    }

    func run() async throws {
        if let settings = try temporal.settings(identity: identity) {
            try await runOnTemporal(settings)
            return
        }
        let routerConfiguration = try a2aPort.map { _ in
            try access.configuration(tokenVariables: ["SWITCHBOARD_AGENT_TOKEN_ROUTER", BearerToken.environmentVariable])
        }
        // Before anything instrumented is made: its metrics bind to the backend at creation.
        let registry = metricsOptions.metricsPort.map { _ in MetricsRegistry.bootstrap() }
        let metricsServer = try registry.flatMap { try metricsOptions.startServer($0) }
        let store = try database.openStore()
        let worker = Worker(
            store: store, workflows: RoutingSetup.workflows,
            activities: try RoutingSetup.activities(agentURLs: agentURLs, model: try ModelWiring.provider()),
            options: WorkerOptions(maxConcurrentActivities: maxActivities, maxConcurrentWorkflowTasks: maxWorkflowTasks,
                                   leaseDuration: .seconds(lease)),
            logger: Log.make("switchboard.worker"))
        registry?.addSampler { worker.sampleMetrics() }
        let running = Task { try await worker.run() }
        // "ready" only once the worker has registered itself (its first write) and claims work:
        // on a read-only or broken history file, the error comes instead.
        if try await !worker.waitUntilReady() { try await running.value }
        let router = try a2aPort.map { port in
            try RouterAgent.start(
                client: WorkflowClient(store: store), catalog: try AgentCatalog.locateDefault(), host: a2aHost, port: port,
                configuration: routerConfiguration ?? .init(),
                logger: Log.make("switchboard.router", defaultLevel: .info))
        }
        if let router {
            registry?.addSampler { await router.responder.sampleMetrics() }
            FileHandle.standardError.write(Data("router agent listening on \(router.baseURL)\n".utf8))
        }
        StartupPages.release()  // before the line below, which tells scripts the worker is up
        FileHandle.standardError.write(Data("worker \(worker.options.identity) ready on \(store.path)\n".utf8))
        let stop = Task {
            _ = await SignalWaiter.wait(for: [SIGINT, SIGTERM])
            FileHandle.standardError.write(Data("worker stopping: finishing running work\n".utf8))
            worker.shutdown()
        }
        try await running.value
        await router?.shutdown()
        await metricsServer?.shutdown()
        stop.cancel()
    }
}

extension WorkerCommand {
    /// The same workflows and activities as a worker of a Temporal cluster.
    func runOnTemporal(_ settings: TemporalSettings) async throws {
        // Before anything instrumented is made: its metrics bind to the backend at creation.
        let registry = metricsOptions.metricsPort.map { _ in MetricsRegistry.bootstrap() }
        let metricsServer = try registry.flatMap { try metricsOptions.startServer($0) }
        let worker = TemporalWorker(
            connection: try TemporalConnection(settings: settings), workflows: RoutingSetup.workflows,
            activities: try RoutingSetup.activities(agentURLs: agentURLs, model: try ModelWiring.provider()),
            options: TemporalWorkerOptions(maxConcurrentActivities: maxActivities, maxConcurrentWorkflowTasks: maxWorkflowTasks),
            logger: Log.make("switchboard.worker"))
        let running = Task { try await worker.run() }
        let stop = Task {
            guard await SignalWaiter.wait(for: [SIGINT, SIGTERM]) != nil else { return }
            FileHandle.standardError.write(Data("worker stopping: finishing running work\n".utf8))
            worker.shutdown()
        }
        if await worker.waitUntilReady() {
            StartupPages.release()
            FileHandle.standardError.write(Data(
                "worker \(worker.identity) ready on Temporal \(settings.address), namespace \(settings.namespace), task queue \(settings.taskQueue)\n".utf8))
        }
        defer { stop.cancel() }
        try await running.value
        await worker.connection.close()
        await metricsServer?.shutdown()
    }
}
