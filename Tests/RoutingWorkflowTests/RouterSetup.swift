import AgentServer
import AgentTesting
import Foundation

/// The HR and FAQ agents answering with one executor, in this process, and a `switchboard
/// worker` process that routes to them and serves the Router agent on a port of its own.
struct RouterSetup {
    let db: String
    let hr: RunningAgentServer
    let faq: RunningAgentServer
    let routerPort: Int
    /// The `--agent-url` flags that point at the two agents.
    let agentFlags: [String]
    let worker: LaunchedProcess

    /// The Router agent's base URL.
    var routerURL: String { "http://127.0.0.1:\(routerPort)" }

    /// Starts everything and returns once the worker is ready.
    static func start(answeringWith executor: SlowAnswerExecutor) async throws -> RouterSetup {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let hrPort = try freePort(), faqPort = try freePort(), routerPort = try freePort()
        let hr = try startAgent("hr", executor: executor, port: hrPort)
        let faq = try startAgent("faq", executor: executor, port: faqPort)
        let flags = ["--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
        let worker = try launchWorker(db: db, routerPort: routerPort, flags: flags, name: "worker")
        try await worker.waitFor("ready")
        return RouterSetup(db: db, hr: hr, faq: faq, routerPort: routerPort, agentFlags: flags, worker: worker)
    }

    /// Another worker on the same file and router port (after the first was killed).
    func restartedWorker() async throws -> LaunchedProcess {
        let worker = try Self.launchWorker(db: db, routerPort: routerPort, flags: agentFlags, name: "worker 2")
        try await worker.waitFor("ready")
        return worker
    }

    /// Stops the agents (the worker goes when its last reference does).
    func stop() async {
        await hr.shutdown()
        await faq.shutdown()
    }

    private static func launchWorker(db: String, routerPort: Int, flags: [String], name: String) throws -> LaunchedProcess {
        try Switchboard.launch(name, ["worker", "--db", db, "--lease", "1", "--a2a-port", String(routerPort)] + flags)
    }
}
