import A2AProtocol
import AgentKnowledge
import ArgumentParser
import DurableEngine
import Foundation
import HTTPServerCore
import RoutingWorkflow
import SwitchboardMetrics
import WorkflowConsole

/// `switchboard console`: the web console for the runs of one history file.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Serve the web console: workflows, their histories and timelines, Ask and Agents.")

    static let tokenVariable = "SWITCHBOARD_CONSOLE_TOKEN"

    @Option(help: "The address to listen on; anything but loopback needs --token.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on.")
    var port = 8233

    @Option(help: "The token a browser signs in with, or a script sends as a bearer token (also $SWITCHBOARD_CONSOLE_TOKEN).")
    var token: String?

    @Option(name: .customLong("agent-url"), help: "Where an agent listens, as id=URL[,URL...] (repeatable; several URLs are replicas); overrides agents/*.yaml ports.")
    var agentURLs: [String] = []

    @Flag(name: .customLong("metrics"), help: ArgumentHelp(
        "Serve Prometheus metrics at /metrics on the console's port, behind the token when one is set."))
    var metrics = false

    @OptionGroup var metricsOptions: MetricsOptions

    @OptionGroup var database: DatabaseOptions

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
    }

    func run() async throws {
        // Before anything instrumented is made: its metrics bind to the backend at creation.
        let registry = metrics || metricsOptions.metricsPort != nil ? MetricsRegistry.bootstrap() : nil
        let environment = ProcessInfo.processInfo.environment
        let token = try BearerToken.resolve(option: self.token, file: nil, variables: [Self.tokenVariable], environment: environment)
        guard token != nil || ConsoleConfiguration.isLoopback(host) else {
            throw ValidationError("the console listens on \(host), beyond this machine: give --token or set \(Self.tokenVariable)")
        }
        let catalog = try AgentCatalog.locateDefault()
        let endpoints = try AgentEndpoints.fromEnvironment(environment)
            .merging(try AgentEndpoints(flags: agentURLs))
        let agents = try catalog.agents.map { definition in
            ConsoleConfiguration.Agent(
                id: definition.id, name: definition.name, url: endpoints.url(forAgent: definition.id, port: definition.port),
                bearerToken: try BearerToken.resolve(option: nil, file: nil, variables: definition.tokenVariables,
                                                     environment: environment))
        }
        var configuration = ConsoleConfiguration(
            host: host, port: port, databasePath: WorkflowStore.resolvePath(database.path), codec: try PayloadCodec.fromEnvironment(),
            token: token, agents: agents)
        if metrics, let registry { configuration.metricsEndpoint = MetricsResponder(registry: registry) }
        let metricsServer = try registry.flatMap { try metricsOptions.startServer($0) }
        let server = HTTPServer(
            configuration: HTTPServerConfiguration(host: host, port: port, maxBodySize: 64 << 10, maxConnections: 256),
            responder: ConsoleResponder(configuration: configuration), logger: Log.make("switchboard.console"))
        do {
            try server.start()
        } catch {
            throw ValidationError("cannot serve the console on \(host):\(port): \(error)")
        }
        StartupPages.release()  // before the line below, which tells scripts the console is up
        FileHandle.standardError.write(Data("console on http://\(host):\(server.port) (history \(configuration.databasePath))\n".utf8))
        await server.runUntilSignal()
        await metricsServer?.shutdown()
    }
}
