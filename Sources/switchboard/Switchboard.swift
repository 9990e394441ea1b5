import ArgumentParser

/// The `switchboard` command line: agents, workers, routing and workflow inspection.
/// Each subcommand lives in its own file; this type only lists them.
@main
struct Switchboard: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "switchboard",
        abstract: "Durable question routing across A2A agents.",
        version: "0.1.0",
        subcommands: [
            // One line per subcommand, each defined in its own file.
            AgentCommand.self,
            WorkerCommand.self,
            RouteCommand.self,
            TranslateCommand.self,
            WorkflowCommand.self,
            DemoCommand.self,
            SendCommand.self,
        ]
    )
}
