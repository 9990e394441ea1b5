import ArgumentParser

/// `switchboard workflow …`: inspect and steer workflows in the history file.
struct WorkflowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflow", abstract: "List, describe, show, signal, query, cancel and terminate workflows.",
        subcommands: [
            WorkflowListCommand.self, WorkflowDescribeCommand.self, WorkflowShowCommand.self, WorkflowResultCommand.self,
            WorkflowSignalCommand.self, WorkflowQueryCommand.self, WorkflowCancelCommand.self, WorkflowTerminateCommand.self,
        ])
}

/// `-o text|json` for the workflow commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `-w/--workflow-id` and `-o`, shared by the workflow commands.
struct WorkflowTarget: ParsableArguments {
    @Option(name: [.customShort("w"), .customLong("workflow-id")], help: "The workflow ID.")
    var workflowID: String

    @Option(name: [.customShort("o"), .customLong("output")], help: "text (default) or json.")
    var output: OutputFormat = .text

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var temporal: TemporalOptions
}
