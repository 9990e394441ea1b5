import A2AClient
import ArgumentParser
import DurableEngine
import Foundation
import HTTPClient
import HTTPServerCore
import ProcessSupervision
import RoutingWorkflow

/// `switchboard demo`: starts both agents, a worker and the console, routes an HR and a FAQ
/// question, prints the answers, one workflow's history and its console URL, and stops
/// everything (with `--keep`, after Ctrl-C).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "Bring the system up, route two sample questions, print the answers, stop everything.")

    @Option(help: "The HR question.")
    var hrQuestion = "How many vacation days do I get in my first year?"

    @Option(help: "The FAQ question.")
    var faqQuestion = "What time does the office open?"

    @Flag(help: "Keep the agents, the worker and the console running until Ctrl-C.")
    var keep = false

    /// With an address, the worker runs on that Temporal cluster and there is no console.
    @OptionGroup var temporal: TemporalOptions

    func run() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-demo-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let database = directory.appendingPathComponent("history.db").path
        let children = ChildProcesses()
        let interrupt = Task {
            if await SignalWaiter.wait(for: [SIGINT, SIGTERM]) != nil {
                children.stopAll()
                Foundation.exit(130)
            }
        }
        defer {
            interrupt.cancel()
            children.stopAll()
        }
        if let settings = try temporal.settings() {
            try await runOnTemporal(settings, children: children, directory: directory)
            return
        }
        let ports = try (0..<3).map { _ in try LoopbackPort.free() }
        let consoleURL = "http://127.0.0.1:\(ports[2])"
        let urls = ["hr": "http://127.0.0.1:\(ports[0])", "faq": "http://127.0.0.1:\(ports[1])"]
        note("starting the HR agent on \(urls["hr"]!), the FAQ agent on \(urls["faq"]!), a worker and the console (logs in \(directory.path))")
        try children.start("hr agent", arguments: ["agent", "hr", "--port", "\(ports[0])"], log: directory.appendingPathComponent("hr.log"))
        try children.start("faq agent", arguments: ["agent", "faq", "--port", "\(ports[1])"], log: directory.appendingPathComponent("faq.log"))
        let agentFlags = ["--agent-url", "hr=\(urls["hr"]!)", "--agent-url", "faq=\(urls["faq"]!)"]
        try children.start("worker", arguments: ["worker", "--db", database, "--durability", "normal"] + agentFlags,
                           log: directory.appendingPathComponent("worker.log"))
        try children.start("console", arguments: ["console", "--db", database, "--port", "\(ports[2])"] + agentFlags,
                           log: directory.appendingPathComponent("console.log"))
        let store = try WorkflowStore(path: database, durability: .normal)
        let client = WorkflowClient(store: store)
        try await children.waitUntilReady {
            var pending = await Self.agentsNotAnswering(urls)
            if try !client.hasLiveWorker() { pending.append("worker") }
            let console = try? await HTTPClient.shared.execute(HTTPClientRequest(url: URL(string: consoleURL + "/assets/console.css")!,
                                                                                 totalTimeout: .seconds(2)))
            if console?.status != 200 { pending.append("console at \(consoleURL)") }
            return pending
        }
        note("all four processes are ready")

        var firstID = ""
        for question in [hrQuestion, faqQuestion] {
            print("\n? \(question)")
            let run = try await client.start(RoutingWorkflow.self, input: RouteRequest(question: question))
            if firstID.isEmpty { firstID = run.workflowID }
            let progress = Task { await RouteProgressReporter(client: client, workflowID: run.workflowID).run { note($0) } }
            let result = try await client.result(workflowID: run.workflowID, as: RouteResult.self, timeout: .seconds(60))
            progress.cancel()
            print(result.rendered)
        }
        print("\nHistory of workflow \(firstID) (switchboard workflow show -w \(firstID) --db \(database)):")
        for event in try client.history(workflowID: firstID) {
            let detail = event.attributes.activityType.map { " (\($0))" } ?? ""
            print("  \(event.eventID). \(event.eventType.rawValue)\(detail)")
        }
        print("\nIn the console: \(consoleURL)/workflow?id=\(firstID)")
        if keep {
            note("the agents, the worker and the console keep running; press Ctrl-C to stop them")
            while true { try await Task.sleep(for: .seconds(3600)) }   // the interrupt task above stops them
        }
        note("\nstopping the agents, the worker and the console")
    }

    /// The agents of `urls` (id → base URL) whose card does not load yet, named for a message.
    static func agentsNotAnswering(_ urls: [String: String]) async -> [String] {
        var pending: [String] = []
        for (name, url) in urls.sorted(by: { $0.key < $1.key }) {
            let card = try? await A2AClient(baseURL: URL(string: url)!).fetchCard()
            if card == nil { pending.append("\(name) agent at \(url)") }
        }
        return pending
    }
}
