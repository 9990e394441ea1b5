import AgentTesting
import Foundation

/// The HR and FAQ agents answering with one executor, in this process, and a `switchboard
/// worker` process that routes to them and serves the Router agent on a port of its own.
struct RouterSetup {
    let db: String
    let agents: AgentPair
    let routerPort: Int
    let worker: LaunchedProcess

    /// The `--agent-url` flags that point at the two agents.
    var agentFlags: [String] { agents.flags }

    /// The Router agent's base URL.
    var routerURL: String { "http://127.0.0.1:\(routerPort)" }

    /// Starts everything and returns once the worker is ready.
    static func start(answeringWith executor: SlowAnswerExecutor) async throws -> RouterSetup {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let agents = try AgentPair(answeringWith: executor), routerPort = try freePort()
        let worker = try launchWorker(db: db, routerPort: routerPort, flags: agents.flags, name: "worker")
        try await worker.waitFor("ready")
        return RouterSetup(db: db, agents: agents, routerPort: routerPort, worker: worker)
    }

    /// Another worker on the same file and router port (after the first was killed).
    func restartedWorker() async throws -> LaunchedProcess {
        let worker = try Self.launchWorker(db: db, routerPort: routerPort, flags: agentFlags, name: "worker 2")
        try await worker.waitFor("ready")
        return worker
    }

    /// A second worker on the same file, serving its own Router agent; returns it and that
    /// Router's base URL.
    func anotherWorker() async throws -> (worker: LaunchedProcess, routerURL: String) {
        let port = try freePort()
        let worker = try Self.launchWorker(db: db, routerPort: port, flags: agentFlags, name: "other worker")
        try await worker.waitFor("ready")
        return (worker, "http://127.0.0.1:\(port)")
    }

    /// Stops the agents (the worker goes when its last reference does).
    func stop() async {
        await agents.stop()
    }

    private static func launchWorker(db: String, routerPort: Int, flags: [String], name: String) throws -> LaunchedProcess {
        try Switchboard.launch(name, ["worker", "--db", db, "--lease", "1", "--a2a-port", String(routerPort)] + flags)
    }
}
