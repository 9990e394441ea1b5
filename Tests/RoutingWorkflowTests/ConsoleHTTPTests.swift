import AgentTesting
import DurableEngine
import Foundation
import RoutingWorkflow
import Testing

/// `switchboard console` over HTTP, as curl sees it: the Temporal-shaped JSON API, the pages'
/// escaping, the CSRF and origin checks, sign-in off loopback, live updates and bad history
/// files. The browser tests (ConsoleBrowserTests) drive the same pages through Chromium.
@Suite struct ConsoleHTTPTests {
    static let api = "/api/v1/namespaces/default/workflows"

    private func json(_ response: LoopbackHTTPResponse) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] else {
            throw TestFailure("not a JSON object: \(response.text)")
        }
        return object
    }

    @Test func theJSONAPIAnswersInTemporalsShapes() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        _ = try await setup.route("How long is parental leave?", id: "api-1")

        let list = try await setup.get(Self.api)
        #expect(list.status == 200 && list.headers["content-type"] == "application/json", "\(list.text)")
        let executions = try json(list)["executions"] as? [[String: Any]] ?? []
        let info = try #require(executions.first)
        #expect((info["execution"] as? [String: Any])?["workflowId"] as? String == "api-1")
        #expect((info["execution"] as? [String: Any])?["runId"] is String)
        #expect((info["type"] as? [String: Any])?["name"] as? String == "RoutingWorkflow")
        #expect(info["status"] as? String == "WORKFLOW_EXECUTION_STATUS_COMPLETED")
        #expect(info["historyLength"] is String && info["startTime"] is String && info["closeTime"] is String)
        #expect(try json(list)["nextPageToken"] is String)

        let query = HTMLQuery.encode(#"WorkflowType = "RoutingWorkflow" AND ExecutionStatus = "Completed""#)
        let completed = try json(try await setup.get(Self.api + "?query=" + query))["executions"] as? [Any]
        #expect(completed?.count == 1)
        let running = HTMLQuery.encode(#"ExecutionStatus = "Running""#)
        let runningNow = try json(try await setup.get(Self.api + "?query=" + running))["executions"] as? [Any]
        #expect(runningNow?.count == 0)

        let describe = try json(try await setup.get(Self.api + "/api-1"))
        #expect(((describe["workflowExecutionInfo"] as? [String: Any])?["execution"] as? [String: Any])?["workflowId"] as? String == "api-1")
        let history = try json(try await setup.get(Self.api + "/api-1/history"))
        let events = (history["history"] as? [String: Any])?["events"] as? [[String: Any]] ?? []
        #expect(events.first?["eventType"] as? String == "EVENT_TYPE_WORKFLOW_EXECUTION_STARTED")
        #expect(events.last?["eventType"] as? String == "EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED")
        #expect(events.filter { $0["eventType"] as? String == "EVENT_TYPE_ACTIVITY_TASK_SCHEDULED" }.count == 4)

        // Bad input: each a 4xx with grpc-gateway's error body naming the problem.
        let unknown = try await setup.get(Self.api + "/no-such-run")
        let unknownCode = try json(unknown)["code"] as? Int
        #expect(unknown.status == 404 && unknownCode == 5 && unknown.text.contains("no-such-run"))
        let badQuery = try await setup.get(Self.api + "?query=" + HTMLQuery.encode(#"Color = "red""#))
        let badQueryMessage = try json(badQuery)["message"] as? String
        #expect(badQuery.status == 400 && badQueryMessage?.contains("Color") == true)
        let badSize = try await setup.get(Self.api + "?pageSize=0")
        #expect(badSize.status == 400 && badSize.text.contains("pageSize"))
        let namespace = try await setup.get("/api/v1/namespaces/prod/workflows")
        #expect(namespace.status == 404 && namespace.text.contains("prod"))
        let oversized = try await setup.get("/?q=" + String(repeating: "x", count: 300))
        #expect(oversized.status == 400 && oversized.text.contains("longer than 200"))
    }

    @Test func pagesShowTheRunAndEscapeHostileText() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        let hostile = #"<script>alert(1)</script>"><img src=x onerror=alert(2)> How long is parental leave?"#
        _ = try await setup.route(hostile, id: "xss-1")

        let list = try await setup.get("/?q=" + HTMLQuery.encode("<script>alert(1)"))
        #expect(list.status == 200 && list.text.contains("xss-1"), "search by question text: \(list.text.suffix(800))")
        let none = try await setup.get("/?q=nothing-like-this")
        #expect(none.status == 200 && !none.text.contains("xss-1"))
        #expect(list.headers["content-security-policy"]?.contains("script-src 'self'") == true)
        #expect(list.headers["x-frame-options"] == "DENY")

        let page = try await setup.get("/workflow?id=xss-1")
        #expect(page.status == 200)
        #expect(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        #expect(!page.text.contains("<script>alert") && !page.text.contains("<img src=x"))
        #expect(page.text.contains("<svg class=\"timeline\""))
        #expect(page.text.contains("Sixteen weeks of paid leave.") && page.text.contains("[routed to"))
        for step in ["discover_agents", "render_classifier_prompt", "classify", "call_agent"] {
            #expect(page.text.contains(">\(step)</text>"), "the timeline has no row for \(step)")
        }
        let missing = try await setup.get("/workflow?id=nope")
        #expect(missing.status == 404 && missing.text.contains("no workflow with ID nope"))
        let noID = try await setup.get("/workflow")
        #expect(noID.status == 400 && noID.text.contains("id parameter"))
    }

    @Test func postsNeedTheCSRFTokenAndTheSameOriginAndApproveCompletesAGatedRun() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        let client = try await setup.route("How long is parental leave?", id: "gated", requireApproval: true)
        let drafted = await eventually(timeout: .seconds(30)) {
            (try? client.queryJSON(workflowID: "gated", name: RoutingWorkflow.draftQuery)) != nil
        }
        try #require(drafted, "the run never reached the approval gate")
        let page = try await setup.get("/workflow?id=gated")
        #expect(page.text.contains("This answer waits for approval") && page.text.contains("id=\"approve-form\""))

        let noToken = try await setup.post("/actions/approve", form: "id=gated&note=ok")
        #expect(noToken.status == 403 && noToken.text.contains("CSRF"))
        let token = try await setup.csrfToken()
        let crossSite = try await setup.post("/actions/approve", form: "id=gated&csrf=\(token)",
                                             headers: [("Origin", "http://evil.example")])
        #expect(crossSite.status == 403 && crossSite.text.contains("another origin"))
        let apiNoToken = try await LoopbackHTTPClient.request(port: setup.port, method: "POST", path: Self.api + "/gated/signal/approve")
        #expect(apiNoToken.status == 403)
        #expect(try client.describe(workflowID: "gated").record.status == .running, "a refused post changed the run")

        let approved = try await setup.post("/actions/approve", form: "id=gated&note=" + HTMLQuery.encode("fine <b>by</b> me")
                                                + "&csrf=\(token)")
        #expect(approved.status == 303 && approved.headers["location"] == "/workflow?id=gated")
        let result = try await client.result(workflowID: "gated", as: RouteResult.self, timeout: .seconds(30))
        #expect(result.approval?.outcome == .approved && result.approval?.note == "fine <b>by</b> me")
        let closed = try await setup.get("/workflow?id=gated")
        #expect(closed.text.contains("fine &lt;b&gt;by&lt;/b&gt; me") && !closed.text.contains("approve-form"))

        let terminateUnconfirmed = try await setup.post("/actions/terminate", form: "id=gated&csrf=\(token)")
        #expect(terminateUnconfirmed.status == 400 && terminateUnconfirmed.text.contains("I understand"))
        let terminateClosed = try await setup.post("/actions/terminate", form: "id=gated&confirm=yes&csrf=\(token)")
        #expect(terminateClosed.status == 409 && terminateClosed.text.contains("completed"))
    }

    @Test func theAPICancelsAndTerminatesWithTheToken() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        let client = try await setup.route("How long is parental leave?", id: "to-end", requireApproval: true)
        _ = await eventually(timeout: .seconds(30)) { (try? client.queryJSON(workflowID: "to-end", name: "draft")) != nil }
        let token = try await setup.csrfToken()
        let draft = try await LoopbackHTTPClient.request(port: setup.port, method: "POST", path: Self.api + "/to-end/query/draft",
                                                         headers: [("X-CSRF-Token", token)])
        let payload = ((try json(draft)["queryResult"] as? [String: Any])?["payloads"] as? [[String: Any]])?.first
        let data = try #require((payload?["data"] as? String).flatMap { Data(base64Encoded: $0) })
        #expect(String(decoding: data, as: UTF8.self).contains("Sixteen weeks"))
        let terminate = try await LoopbackHTTPClient.request(
            port: setup.port, method: "POST", path: Self.api + "/to-end/terminate", headers: [("X-CSRF-Token", token)],
            body: Array(#"{"reason": "enough"}"#.utf8))
        #expect(terminate.status == 200, "\(terminate.text)")
        let record = try client.describe(workflowID: "to-end").record
        #expect(record.status == .terminated)
        #expect(try client.history(workflowID: "to-end").last?.attributes.reason == "enough")
    }

    @Test func askNeedsALiveWorkerAndThenRoutesTheQuestion() async throws {
        let idle = try await ConsoleSetup.start(worker: false)
        defer { Task { await idle.stop() } }
        // The history file exists once something opened it.
        _ = try idle.client()
        let page = try await idle.get("/ask")
        #expect(page.status == 200 && page.text.contains("No worker is running"))
        let token = try await idle.csrfToken()
        let refused = try await idle.post("/ask", form: "question=Hello&csrf=\(token)")
        #expect(refused.status == 503 && refused.text.contains("No worker is running") && refused.text.contains(">Hello</textarea>"))
        #expect(try idle.client().list().records.isEmpty, "a question was started with no worker to run it")

        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        let empty = try await setup.post("/ask", form: "question=%20&csrf=\(try await setup.csrfToken())")
        #expect(empty.status == 400 && empty.text.contains("type a question"))
        let asked = try await setup.post("/ask", form: "question=" + HTMLQuery.encode("How long is parental leave?")
                                             + "&csrf=\(try await setup.csrfToken())")
        let location = try #require(asked.headers["location"], "\(asked.status) \(asked.text)")
        #expect(asked.status == 303 && location.hasPrefix("/workflow?id=console-"))
        let id = String(location.dropFirst("/workflow?id=".count))
        _ = try await setup.client().result(workflowID: id, as: RouteResult.self, timeout: .seconds(60))
        let answered = try await setup.get(location)
        #expect(answered.text.contains("id=\"answer\"") && answered.text.contains("Sixteen weeks of paid leave."))
    }

    @Test func liveEventsAnnounceANewRun() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        _ = try setup.client()
        let stream = LoopbackHTTPClient.stream(port: setup.port, method: "GET", path: "/events/workflows", timeout: 30)
        var changes = 0
        var routed = false
        for try await event in stream {
            guard case .chunk(let bytes) = event else { continue }
            changes += String(decoding: bytes, as: UTF8.self).components(separatedBy: "event: changed").count - 1
            if changes == 1, !routed {
                routed = true
                _ = try await setup.route("How long is parental leave?", id: "live-1")
            }
            if changes >= 2 { break }
        }
        #expect(changes >= 2, "no change was announced after a new run")
    }

    @Test func offLoopbackNeedsATokenAndTheTokenSignsIn() async throws {
        let open = try Switchboard.launch("console", ["console", "--host", "0.0.0.0", "--port", "0", "--db", "/tmp/unused.db"])
        #expect(try await open.exitStatus() == 64)
        #expect(open.text.contains("give --token or set SWITCHBOARD_CONSOLE_TOKEN"), "\(open.text)")

        let setup = try await ConsoleSetup.start(consoleArguments: ["--token", "s3cret-token"])
        defer { Task { await setup.stop() } }
        let page = try await setup.get("/")
        #expect(page.status == 303 && page.headers["location"] == "/login")
        #expect(try await setup.get(Self.api).status == 401)
        #expect(try await setup.get(Self.api, headers: [("Authorization", "Bearer s3cret-token")]).status == 200)
        let token = try await setup.csrfToken(headers: [("Authorization", "Bearer s3cret-token")])
        let wrong = try await setup.post("/login", form: "token=guess&csrf=\(token)")
        #expect(wrong.status == 401 && wrong.headers["set-cookie"] == nil)
        let right = try await setup.post("/login", form: "token=s3cret-token&csrf=\(token)")
        let cookie = try #require(right.headers["set-cookie"])
        #expect(right.status == 303 && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"))
        #expect(!cookie.contains("s3cret-token"), "the cookie holds the token itself")
        let signedIn = try await setup.get("/", headers: [("Cookie", String(cookie.prefix { $0 != ";" }))])
        #expect(signedIn.status == 200 && signedIn.text.contains("<h1>Workflows</h1>"))
    }

    @Test(.enabled(if: PrometheusText.isAvailable, Comment(rawValue: PrometheusText.unavailableReason)))
    func metricsCountRequestsAndLiveStreamsBehindTheToken() async throws {
        let setup = try await ConsoleSetup.start(consoleArguments: ["--metrics", "--token", "metrics-token"])
        defer { Task { await setup.stop() } }
        let bearer = [("Authorization", "Bearer metrics-token")]
        #expect(try await setup.get("/metrics").status == 303, "/metrics must not be open without the token")
        _ = try await setup.route("How long is parental leave?", id: "counted")
        for _ in 0..<3 { #expect(try await setup.get("/workflow?id=counted", headers: bearer).status == 200) }
        #expect(try await setup.get("/workflow?id=missing", headers: bearer).status == 404)
        let live = LoopbackHTTPClient.stream(port: setup.port, method: "GET", path: "/events/workflows", headers: bearer)
        var iterator = live.makeAsyncIterator()
        while let event = try await iterator.next() {
            if case .chunk(let bytes) = event, String(decoding: bytes, as: UTF8.self).contains("changed") { break }
        }
        let scrape = try await setup.get("/metrics", headers: bearer)
        #expect(scrape.status == 200, "\(scrape.text.prefix(300))")
        let metrics = try await PrometheusText(parsing: scrape.text)
        #expect(metrics.sum("switchboard_console_requests_total", ["page": "workflow", "status": "200"]) == 3)
        #expect(metrics.sum("switchboard_console_requests_total", ["page": "workflow", "status": "404"]) == 1)
        #expect(metrics.sum("switchboard_console_request_duration_seconds_count", ["page": "workflow"]) == 4)
        #expect(metrics.sum("switchboard_console_live_streams") == 1)
        withExtendedLifetime(iterator) {}
    }

    @Test func aMissingCorruptOrNewerHistoryIsExplained() async throws {
        let directory = try temporaryDirectory()
        let path = directory.appendingPathComponent("h.db").path
        let port = try freePort()
        let console = try Switchboard.launch("console", ["console", "--db", path, "--port", String(port)])
        try await console.waitFor("console on")
        let missing = try await LoopbackHTTPClient.request(port: port, path: "/")
        #expect(missing.status == 503 && missing.text.contains("there is no history file at \(path)"))
        let missingAPI = try await LoopbackHTTPClient.request(port: port, path: Self.api)
        let missingCode = try json(missingAPI)["code"] as? Int
        #expect(missingAPI.status == 503 && missingCode == 14)

        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        let corrupt = try await LoopbackHTTPClient.request(port: port, path: "/")
        #expect(corrupt.status == 503 && corrupt.text.contains("cannot open the history file \(path)"), "\(corrupt.text)")

        let newer = directory.appendingPathComponent("newer.db").path
        do {
            let store = try WorkflowStore(path: newer)
            _ = store
        }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
                            + "c.execute('INSERT INTO schema_migrations VALUES(999, 0)'); c.commit()", newer]
        try sqlite.run()
        sqlite.waitUntilExit()
        let newerPort = try freePort()
        let newerConsole = try Switchboard.launch("console", ["console", "--db", newer, "--port", String(newerPort)])
        try await newerConsole.waitFor("console on")
        let refused = try await LoopbackHTTPClient.request(port: newerPort, path: "/")
        #expect(refused.status == 503 && refused.text.contains("newer switchboard"), "\(refused.text)")
    }

    @Test func aLockedHistoryGivesAClearErrorAndNoHang() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        let client = try await setup.route("How long is parental leave?", id: "locked", requireApproval: true)
        _ = await eventually(timeout: .seconds(30)) { (try? client.queryJSON(workflowID: "locked", name: "draft")) != nil }
        let holder = try LaunchedProcess("lock holder", executable: URL(fileURLWithPath: "/usr/bin/env"), arguments: [
            "python3", "-c", "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
                + "c.execute('BEGIN IMMEDIATE'); print('holding', flush=True); time.sleep(60)", setup.db,
        ])
        try await holder.waitFor("holding")
        let token = try await setup.csrfToken()
        let began = ContinuousClock.now
        let refused = try await LoopbackHTTPClient.request(port: setup.port, method: "POST", path: Self.api + "/locked/signal/approve",
                                                           headers: [("X-CSRF-Token", token)], timeout: 20)
        #expect(refused.status == 503 && refused.text.contains("locked"), "\(refused.status) \(refused.text)")
        #expect(began.duration(to: .now) < .seconds(10), "the request waited on the lock for too long")
        let page = try await setup.get("/workflow?id=locked")
        #expect(page.status == 200, "reading must not wait for the writer's lock")
        await holder.kill()
        let accepted = try await LoopbackHTTPClient.request(port: setup.port, method: "POST", path: Self.api + "/locked/signal/approve",
                                                            headers: [("X-CSRF-Token", token)])
        #expect(accepted.status == 200, "\(accepted.text)")
    }

    @Test func anEncryptedHistoryWithoutTheKeyShowsEncrypted() async throws {
        let key = Data((0..<32).map { UInt8($0) }).base64EncodedString()
        let setup = try await ConsoleSetup.start(environment: ["SWITCHBOARD_ENCRYPTION_KEY": key])
        defer { Task { await setup.stop() } }
        let codec = try PayloadCodec.fromEnvironment(["SWITCHBOARD_ENCRYPTION_KEY": key])
        let client = try setup.client(codec: codec)
        try await client.start(RoutingWorkflow.self, input: RouteRequest(question: "How long is parental leave?"), id: "sealed")
        _ = try await client.result(workflowID: "sealed", as: RouteResult.self, timeout: .seconds(60))
        let withKey = try await setup.get("/workflow?id=sealed")
        #expect(withKey.status == 200 && withKey.text.contains("Sixteen weeks"))

        let port = try freePort()
        let keyless = try Switchboard.launch("console", ["console", "--db", setup.db, "--port", String(port)])
        try await keyless.waitFor("console on")
        let page = try await LoopbackHTTPClient.request(port: port, path: "/workflow?id=sealed")
        #expect(page.status == 200 && page.text.contains("encrypted") && !page.text.contains("Sixteen weeks"), "\(page.text.suffix(1500))")
        let list = try await LoopbackHTTPClient.request(port: port, path: "/")
        #expect(list.status == 200 && list.text.contains("sealed"))
        let history = try await LoopbackHTTPClient.request(port: port, path: Self.api + "/sealed/history")
        #expect(history.status == 422 && history.text.contains("SWITCHBOARD_ENCRYPTION_KEY"))
    }
}

/// Percent-encoding for query values in these tests.
enum HTMLQuery {
    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }
}
