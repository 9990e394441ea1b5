import ArgumentParser
import Foundation

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
            ConsoleCommand.self,
            SendCommand.self,
        ]
    )

    /// Runs the command like `AsyncParsableCommand.main()`, with one exit code per kind of
    /// outcome for every subcommand (see `ExitCodes`): an error a command did not classify means
    /// it could not run (2), not the generic 1 that `route` uses for a failed workflow.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .failure, !(error is ExitCode) {
                FileHandle.standardError.write(Data("Error: \(message(for: error))\n".utf8))
                exit(withError: ExitCodes.cannotRun)
            }
            exit(withError: error)
        }
    }
}
