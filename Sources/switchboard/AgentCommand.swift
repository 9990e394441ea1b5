import A2AProtocol
import AgentExecutors
import AgentKnowledge
import AgentServer
import ArgumentParser
import Foundation
import Logging
import ModelProviders
import PostgresTaskStore
import SwitchboardMetrics

/// `switchboard agent <id>`: serves one agent from `agents/` over A2A until SIGINT/SIGTERM.
struct AgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent",
        abstract: "Run the A2A server of one agent (e.g. `switchboard agent hr`).")

    @Argument(help: "The agent id, as in agents/<id>.yaml (e.g. hr, faq).")
    var id: String

    @Option(name: .customLong("agents-dir"), help: "The directory of agent definitions (default: ./agents, found upwards).")
    var agentsDirectory: String?

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (default: the definition's port; 0 picks a free one).")
    var port: Int?

    @Option(name: .customLong("tasks-db"), help: "SQLite file that keeps tasks across restarts; replicas of one agent may share it.")
    var tasksDatabase: String?

    @Option(name: .customLong("tasks-url"), help: ArgumentHelp(
        "PostgreSQL server that replicas of one agent on any hosts share their tasks on (postgres://user:password@host:port/database; default: $SWITCHBOARD_TASKS_URL).",
        valueName: "url"))
    var tasksURL: String?

    @Option(name: .customLong("task-lease"), help: "Seconds a replica's claim on a task lasts unrenewed, with --tasks-db or --tasks-url (default 10).")
    var taskLease: Double = 10

    @Option(name: .customLong("task-retention"), help: "Seconds a finished task stays in the --tasks-db or --tasks-url store before the replicas delete it, with its message ids; 0 keeps it for good (default 604800, 7 days).")
    var taskRetention: Double = 7 * 86_400

    @OptionGroup var access: A2AAccessOptions

    @Flag(name: .customLong("pure-card"), help: ArgumentHelp(
        "Serve the pure A2A 1.0 card to every request. By default a request without an A2A-Version header (a 0.3 client) also gets the 0.3 discovery fields."))
    var pureCard = false

    @Flag(name: .customLong("metrics"), help: ArgumentHelp(
        "Serve Prometheus metrics at /metrics on the agent's port, behind the bearer token when one is set."))
    var metrics = false

    @OptionGroup var metricsOptions: MetricsOptions

    func run() async throws {
        let catalog = try agentsDirectory.map { try AgentCatalog(directory: URL(fileURLWithPath: $0)) } ?? AgentCatalog.locateDefault()
        guard let definition = catalog.agent(id: id) else {
            let known = catalog.agents.map(\.id).sorted().joined(separator: ", ")
            throw ValidationError("unknown agent '\(id)'; known agents: \(known.isEmpty ? "(none)" : known)")
        }
        // Before anything instrumented is made: its metrics bind to the backend at creation.
        let registry = metrics || metricsOptions.metricsPort != nil ? MetricsRegistry.bootstrap() : nil
        let metricsServer = try registry.flatMap { try metricsOptions.startServer($0) }
        let knowledge = try KnowledgeBase(definition: definition, agentsDirectory: catalog.directory)
        var configuration = try access.configuration(tokenVariables: definition.tokenVariables)
        if metrics, let registry { configuration.metricsEndpoint = MetricsResponder(registry: registry) }
        configuration.tasksDatabasePath = tasksDatabase
        if let url = tasksURL ?? ProcessInfo.processInfo.environment["SWITCHBOARD_TASKS_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            guard tasksDatabase == nil else {
                throw ValidationError("--tasks-db and --tasks-url (or SWITCHBOARD_TASKS_URL) name two task stores; pick one")
            }
            let storeLogger = Log.make("switchboard.tasks.postgres", defaultLevel: .info)
            configuration.sharedTaskStore = { try PostgresTaskStore(url: url, logger: storeLogger) }
        }
        guard taskLease.isFinite, (0.3...3600).contains(taskLease) else {
            throw ValidationError("--task-lease must be between 0.3 and 3600 seconds, not \(taskLease)")
        }
        configuration.taskLease = taskLease
        guard taskRetention.isFinite, taskRetention == 0 || taskRetention >= 1 else {
            throw ValidationError("--task-retention must be 0 (keep for good) or at least 1 second, not \(taskRetention)")
        }
        configuration.finishedTaskRetention = taskRetention == 0 ? nil : taskRetention
        configuration.cardLegacyFields = !pureCard
        let logger = Log.make("switchboard.agent.\(definition.id)", defaultLevel: .info)
        let server = try AgentServerFactory.start(
            definition: definition, executor: try ModelWiring.executor(for: definition, knowledge: knowledge), host: host,
            port: port ?? definition.port, configuration: configuration, logger: logger)
        registry?.addSampler { await server.responder.sampleMetrics() }
        let model = try ModelConfiguration.load().summary
        StartupPages.release()  // before the line below, which tells scripts the agent is up
        FileHandle.standardError.write(Data("\(definition.id) agent listening on \(server.baseURL) (model: \(model))\n".utf8))
        await server.runUntilSignal()
        await metricsServer?.shutdown()
    }
}
