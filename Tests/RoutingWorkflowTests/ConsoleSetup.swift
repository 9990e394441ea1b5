import AgentTesting
import DurableEngine
import Foundation
import RoutingWorkflow

/// A console on a history file with a worker and the HR and FAQ agents: the HR and FAQ agents
/// answer in this process, the worker and the console are `switchboard` processes.
struct ConsoleSetup {
    let db: String
    let agents: AgentPair
    let worker: LaunchedProcess?
    let console: LaunchedProcess
    let port: Int

    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts everything; `worker: false` leaves the history without one. `environment` goes to
    /// the worker and the console (a fake model, an encryption key).
    static func start(worker: Bool = true, environment: [String: String] = [:], consoleArguments: [String] = [],
                      executor: SlowAnswerExecutor = SlowAnswerExecutor(chunks: ["Sixteen weeks ", "of paid leave."],
                                                                        delay: .milliseconds(20))) async throws -> ConsoleSetup {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let agents = try AgentPair(answeringWith: executor)
        var workerProcess: LaunchedProcess?
        if worker {
            workerProcess = try Switchboard.launch("worker", ["worker", "--db", db] + agents.flags, environment: environment)
            try await workerProcess?.waitFor("ready")
        }
        let port = try freePort()
        let console = try Switchboard.launch("console", ["console", "--db", db, "--port", String(port)] + agents.flags
                                                 + consoleArguments, environment: environment)
        try await console.waitFor("console on")
        return ConsoleSetup(db: db, agents: agents, worker: workerProcess, console: console, port: port)
    }

    /// A client on the same history file, in this process.
    func client(codec: PayloadCodec = PayloadCodec(keyBytes: nil)) throws -> WorkflowClient {
        WorkflowClient(store: try WorkflowStore(path: db, codec: codec))
    }

    /// Routes `question` through the worker and waits for the answer.
    func route(_ question: String, id: String, requireApproval: Bool = false) async throws -> WorkflowClient {
        let client = try client()
        try await client.start(RoutingWorkflow.self, input: RouteRequest(question: question, requireApproval: requireApproval), id: id)
        if !requireApproval { _ = try await client.result(workflowID: id, as: RouteResult.self, timeout: .seconds(60)) }
        return client
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> LoopbackHTTPResponse {
        try await LoopbackHTTPClient.request(port: port, path: path, headers: headers)
    }

    func post(_ path: String, form: String = "", headers: [(String, String)] = []) async throws -> LoopbackHTTPResponse {
        try await LoopbackHTTPClient.request(port: port, method: "POST", path: path,
                                             headers: [("Content-Type", "application/x-www-form-urlencoded")] + headers,
                                             body: Array(form.utf8))
    }

    /// The console's CSRF token, as a script reads it.
    func csrfToken(headers: [(String, String)] = []) async throws -> String {
        let response = try await get("/api/v1/csrf-token", headers: headers)
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard let token = object?["token"] as? String else { throw TestFailure("no CSRF token: \(response.status) \(response.text)") }
        return token
    }

    func stop() async {
        await agents.stop()
    }
}
