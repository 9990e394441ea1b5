import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow
import TemporalBackend

/// `switchboard translate "text"`: the single-step workflow that translates into Japanese.
struct TranslateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "translate", abstract: "Translate text into Japanese with the configured language model (a durable workflow).")

    @Argument(help: "The text to translate.")
    var text: String

    @Option(name: .customLong("id"), help: "The workflow ID (default: a new UUID).")
    var workflowID: String?

    @Flag(name: .customLong("no-embedded-worker"), help: "Never run the workflow in this process.")
    var noEmbeddedWorker = false

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var temporal: TemporalOptions

    func validate() throws {
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the text is empty") }
    }

    func run() async throws {
        if let client = try temporal.client() {
            try await runOnTemporal(client)
            return
        }
        let store: WorkflowStore
        let execution: WorkflowExecution
        do {
            store = try database.openStore()
            if !noEmbeddedWorker { _ = try ModelWiring.provider() }   // a bad model setting stops us before anything starts
            execution = try await WorkflowClient(store: store).start(SimpleWorkflow.self, input: text, id: workflowID)
        } catch {
            note("error: \(error)")
            throw ExitCodes.cannotRun
        }
        let runner = WorkflowRunner.forCommand(store: store, embeddedWorkerAllowed: !noEmbeddedWorker, agentURLs: [])
        try end(try await runner.wait(for: execution.workflowID, as: String.self, showProgress: false))
    }
}

extension TranslateCommand {
    /// Ends the command on either backend: the translation to stdout, or the failure to stderr
    /// with its exit code.
    func end(_ outcome: WorkflowRunner.Outcome<String>) throws {
        switch outcome {
        case .finished(let translation): print(translation)
        case .failed(let failure):
            note("error: \(failure)")
            throw ExitCodes.workflowFailed
        case .detached: throw ExitCodes.detached
        }
    }

    /// Starts the workflow on Temporal and prints the translation once a worker ran it.
    func runOnTemporal(_ client: TemporalWorkflowClient) async throws {
        let execution: WorkflowExecution
        do {
            execution = try await client.start(SimpleWorkflow.self, input: text, id: workflowID)
        } catch {
            note("error: \(error)")
            throw ExitCodes.cannotRun
        }
        try end(await client.waitOrDetach(for: execution.workflowID, as: String.self))
    }
}
