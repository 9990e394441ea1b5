import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow
import TemporalBackend

/// `switchboard route "question"`: routes a question to the right agent and prints the answer.
struct RouteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route",
        abstract: "Route a question to the agent that should answer it, and print the answer.",
        discussion: """
            Progress goes to stderr, the answer to stdout. Ctrl-C detaches: the workflow keeps running and \
            `switchboard workflow result -w ID` prints its answer later.
            Exit codes: 0 answered, 1 the workflow failed, 2 could not run, 64 usage error, 130 detached.
            """)

    @Argument(help: "The question.")
    var question: String

    @Option(name: .customLong("id"), help: "The workflow ID (default: a new UUID).")
    var workflowID: String?

    @Option(name: .customLong("id-conflict-policy"), help: "When a run with this ID is running: fail, use-existing, terminate-existing.")
    var conflictPolicy: WorkflowIDConflictPolicy = .fail

    @Flag(help: "Print the workflow ID on stdout and exit without waiting.")
    var detach = false

    @Flag(name: .customLong("require-approval"), help: "Draft the answer, then wait for `workflow signal -w ID approve` or `reject`.")
    var requireApproval = false

    @Option(name: .customLong("approval-timeout"), help: "How long to wait for approval, in seconds (default: 24 h).")
    var approvalTimeout: Double = 24 * 3600

    @Option(name: .customLong("default-agent"), help: "The agent that answers when the classifier names none.")
    var defaultAgent = "faq"

    @Option(name: .customLong("time-scale"), help: "Multiply every routing timeout and retry interval by this (outage drills and tests; default 1).")
    var timeScale: Double = 1

    @Flag(name: .customLong("no-embedded-worker"), help: "Never run the workflow in this process, even when no worker is alive.")
    var noEmbeddedWorker = false

    @Flag(help: "No progress lines on stderr.")
    var quiet = false

    @Option(name: .customLong("agent-url"), help: "Where an agent listens, as id=URL[,URL...] (repeatable; several URLs are replicas), for the embedded worker.")
    var agentURLs: [String] = []

    @OptionGroup var database: DatabaseOptions

    @OptionGroup var temporal: TemporalOptions

    func validate() throws {
        guard !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ValidationError("the question is empty") }
        guard question.utf8.count <= 16_384 else { throw ValidationError("the question is longer than 16 KiB") }
        guard approvalTimeout > 0 else { throw ValidationError("--approval-timeout must be positive") }
        guard (0.001...1000).contains(timeScale) else { throw ValidationError("--time-scale must be between 0.001 and 1000") }
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
            execution = try await WorkflowClient(store: store).start(
                RoutingWorkflow.self,
                input: request, id: workflowID, conflictPolicy: conflictPolicy)
        } catch {
            note("error: \(error)")
            throw ExitCodes.cannotRun
        }
        if detach {
            print(execution.workflowID)
            return
        }
        let runner = WorkflowRunner.forCommand(store: store, embeddedWorkerAllowed: !noEmbeddedWorker, agentURLs: agentURLs)
        // The answer goes to stdout as the agent streams it; a draft awaiting approval does not.
        let streamer = RouteAnswerStreamer(client: WorkflowClient(store: store), workflowID: execution.workflowID) {
            FileHandle.standardOutput.write(Data($0.utf8))
        }
        let streaming = requireApproval ? nil : Task { await streamer.run() }
        let outcome = try await runner.wait(for: execution.workflowID, as: RouteResult.self, showProgress: !quiet)
        streaming?.cancel()
        await streaming?.value
        try end(outcome, streamer: streamer)
    }
}

extension RouteCommand {
    /// Ends the command on either backend: the rest of the answer to stdout, or the failure to
    /// stderr with its exit code.
    func end(_ outcome: WorkflowRunner.Outcome<RouteResult>, streamer: RouteAnswerStreamer) throws {
        switch outcome {
        case .finished(let result):
            streamer.finish(result.rendered)
        case .failed(let failure):
            streamer.abandon()
            note("error: \(failure)")
            throw ExitCodes.workflowFailed
        case .detached:
            streamer.abandon()
            throw ExitCodes.detached
        }
    }

    /// The workflow's input from the arguments.
    var request: RouteRequest {
        RouteRequest(question: question, defaultAgentID: defaultAgent, requireApproval: requireApproval,
                     approvalTimeoutSeconds: approvalTimeout, timeScale: timeScale == 1 ? nil : timeScale)
    }

    /// Starts the workflow on Temporal (a `switchboard worker` with the same address runs it)
    /// and, as on the history file, prints progress lines as the steps happen and the answer as
    /// it streams (`TemporalRouteWatch`), then the rest of the result.
    func runOnTemporal(_ client: TemporalWorkflowClient) async throws {
        let execution: WorkflowExecution
        do {
            execution = try await client.start(
                RoutingWorkflow.self,
                input: request, id: workflowID, conflictPolicy: conflictPolicy)
        } catch {
            note("error: \(error)")
            throw ExitCodes.cannotRun
        }
        if detach {
            print(execution.workflowID)
            return
        }
        if !quiet { note("running on Temporal \(client.connection.settings.address), task queue \(client.connection.settings.taskQueue)") }
        // The answer goes to stdout as the agent streams it; a draft awaiting approval does not.
        let streamer = RouteAnswerStreamer { FileHandle.standardOutput.write(Data($0.utf8)) }
        let progress: (@Sendable (String) -> Void)? = quiet ? nil : note
        let watch = TemporalRouteWatch(follower: TemporalRunFollower(client: client, workflowID: execution.workflowID),
                                       workflowID: execution.workflowID, progress: progress,
                                       streamer: requireApproval ? nil : streamer)
        let watching = Task { await watch.run() }
        let outcome = await client.waitOrDetach(for: execution.workflowID, as: RouteResult.self)
        if case .detached = outcome {
            watching.cancel()
        } else {
            await watching.end(within: .seconds(1))   // the run closed: the watch writes its last lines
        }
        try end(outcome, streamer: streamer)
    }
}
