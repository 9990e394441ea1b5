import DurableEngine
import Foundation
import HTTPServerCore
import ProcessSupervision
import RoutingWorkflow
import TemporalBackend

extension DemoCommand {
    /// `demo --temporal-address`: both agents and a worker of the cluster, the two questions
    /// with their progress lines, one run's history as Temporal recorded it. No console: it
    /// reads a history file, and Temporal's own Web UI shows these runs.
    func runOnTemporal(_ settings: TemporalSettings, children: ChildProcesses, directory: URL) async throws {
        let ports = try (0..<2).map { _ in try LoopbackPort.free() }
        let urls = ["hr": "http://127.0.0.1:\(ports[0])", "faq": "http://127.0.0.1:\(ports[1])"]
        note("starting the HR agent on \(urls["hr"]!), the FAQ agent on \(urls["faq"]!) and a worker of Temporal "
             + "\(settings.address), task queue \(settings.taskQueue) (logs in \(directory.path))")
        try children.start("hr agent", arguments: ["agent", "hr", "--port", "\(ports[0])"], log: directory.appendingPathComponent("hr.log"))
        try children.start("faq agent", arguments: ["agent", "faq", "--port", "\(ports[1])"], log: directory.appendingPathComponent("faq.log"))
        let workerLog = directory.appendingPathComponent("worker.log")
        try children.start("worker", arguments: ["worker", "--temporal-address", settings.address, "--namespace", settings.namespace,
                                                 "--task-queue", settings.taskQueue,
                                                 "--agent-url", "hr=\(urls["hr"]!)", "--agent-url", "faq=\(urls["faq"]!)"],
                           log: workerLog)
        try await children.waitUntilReady {
            var pending = await Self.agentsNotAnswering(urls)
            let log = (try? String(contentsOf: workerLog, encoding: .utf8)) ?? ""
            if !log.contains("ready on Temporal") { pending.append("worker (polling Temporal at \(settings.address))") }
            return pending
        }
        note("the agents and the worker are ready")

        let client = TemporalWorkflowClient(connection: try TemporalConnection(settings: settings))
        var firstID = ""
        for question in [hrQuestion, faqQuestion] {
            print("\n? \(question)")
            let run = try await client.start(RoutingWorkflow.self, input: RouteRequest(question: question))
            if firstID.isEmpty { firstID = run.workflowID }
            let watch = TemporalRouteWatch(follower: TemporalRunFollower(client: client, workflowID: run.workflowID),
                                           workflowID: run.workflowID, progress: { note($0) }, streamer: nil)
            let progress = Task { await watch.run() }
            let result = try await client.result(workflowID: run.workflowID, as: RouteResult.self, timeout: .seconds(60))
            await progress.end(within: .seconds(1))
            print(result.rendered)
        }
        print("\nHistory of workflow \(firstID) on Temporal (temporal workflow show -w \(firstID) --address \(settings.address)):")
        for line in try await client.historyLines(workflowID: firstID) {
            print("  \(line.eventID). \(line.type)\(line.detail.isEmpty ? "" : " (\(line.detail))")")
        }
        await client.connection.close()
        if keep {
            note("the agents and the worker keep running; press Ctrl-C to stop them")
            while true { try await Task.sleep(for: .seconds(3600)) }   // `run`'s interrupt task stops them
        }
        note("\nstopping the agents and the worker")
    }
}
