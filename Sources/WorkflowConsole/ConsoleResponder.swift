import DurableEngine
import HTTPServerCore
import RoutingWorkflow

/// The web console: pages for the workflows of one history file, the Ask and Agents pages, the
/// JSON API, the live event streams and the embedded assets. Every response carries the
/// security headers; every POST is checked for its CSRF token and origin.
public struct ConsoleResponder: HTTPResponder {
    let configuration: ConsoleConfiguration
    let history: ConsoleHistory
    let security: ConsoleSecurity
    let metrics: ConsoleMetrics
    let live: LiveEvents

    public init(configuration: ConsoleConfiguration) {
        self.configuration = configuration
        history = ConsoleHistory(path: configuration.databasePath, codec: configuration.codec)
        security = ConsoleSecurity(token: configuration.token)
        metrics = ConsoleMetrics()
        live = LiveEvents(metrics: metrics)
    }

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let started = ContinuousClock.now
        let isAPI = request.path.hasPrefix("/api/")
        var response: HTTPResponse
        do {
            response = try await route(request)
        } catch {
            let problem = ConsoleError.from(error)
            response = isAPI ? WorkflowAPI.error(problem) : Self.page(PageLayout.errorPage(problem), status: problem.status)
        }
        for (name, value) in ConsoleSecurity.headers where response.headers[name] == nil { response.headers.set(name, value) }
        metrics.record(ConsoleMetrics.Page(path: request.path), status: response.status, elapsed: started.duration(to: .now))
        return response
    }

    private func route(_ request: HTTPRequest) async throws -> HTTPResponse {
        switch (request.method, request.path) {
        case ("GET", "/assets/console.css"): return Self.asset(ConsoleAssets.stylesheet, type: "text/css")
        case ("GET", "/assets/console.js"): return Self.asset(ConsoleAssets.script, type: "text/javascript")
        case (_, "/login") where security.requiresLogin: return try login(request)
        default: break
        }
        guard security.isAuthenticated(request) else {
            if request.method == "GET", !request.path.hasPrefix("/api/") { return Self.redirect("/login") }
            throw ConsoleError.unauthenticated("sign in on /login, or send Authorization: Bearer <console token>")
        }
        if request.path == "/metrics", let endpoint = configuration.metricsEndpoint {
            return await endpoint.respond(to: request)
        }
        if request.path == "/api/v1/csrf-token" {
            return WorkflowAPI.json(["token": security.csrfToken])
        }
        if request.path.hasPrefix(WorkflowAPI.prefix) {
            let endpoint = try WorkflowAPI.endpoint(method: request.method, path: request.path)
            if endpoint.changesState { try security.checkPost(request, form: [:]) }
            return try WorkflowAPI.respond(endpoint, request: request, client: try history.client())
        }
        if request.method == "POST" { return try await post(request) }
        guard request.method == "GET" || request.method == "HEAD" else {
            throw ConsoleError(status: 405, code: 12, message: "\(request.method) is not allowed on \(request.path)")
        }
        switch request.path {
        case "/":
            let query = try WorkflowListQuery(page: request.query)
            return Self.page(try WorkflowListPage(query: query, parameters: request.query).render(try history.client()))
        case "/fragments/workflows":
            let query = try WorkflowListQuery(page: request.query)
            return Self.page(try WorkflowListPage(query: query, parameters: request.query).rows(try history.client()))
        case "/events/workflows":
            return try live.list(try history.client(), filter: try WorkflowListQuery(page: request.query).filter)
        case "/workflow":
            return Self.page(try WorkflowPage(workflowID: try workflowID(request.query), csrfToken: security.csrfToken)
                .render(try history.client()))
        case "/fragments/workflow":
            let page = WorkflowPage(workflowID: try workflowID(request.query), csrfToken: security.csrfToken)
            return Self.page(page.body(try WorkflowPage.load(try history.client(), workflowID: page.workflowID)))
        case "/events/workflow":
            return try live.workflow(try history.client(), workflowID: try workflowID(request.query))
        case "/ask":
            return Self.page(askPage.render(try history.client()))
        case "/agents":
            return Self.page(await AgentsPage(agents: configuration.agents).render())
        default:
            throw ConsoleError.notFound("there is no page at \(request.path.prefix(200))")
        }
    }

    private var askPage: AskPage { AskPage(csrfToken: security.csrfToken, defaultAgentID: configuration.defaultAgentID) }

    private func post(_ request: HTTPRequest) async throws -> HTTPResponse {
        let form = FormEncoding.fields(request.body)
        try security.checkPost(request, form: form)
        let client = try history.client()
        switch request.path {
        case "/ask":
            do {
                let id = try await askPage.start(client, form: form)
                return Self.redirect("/workflow" + HTML.query([("id", id)]))
            } catch {
                let problem = ConsoleError.from(error)
                return Self.page(askPage.render(client, question: form["question"] ?? "", error: problem.message),
                                 status: problem.status)
            }
        case "/actions/approve", "/actions/reject":
            let id = try workflowID(form)
            let note = form["note"].flatMap { $0.isEmpty ? nil : String($0.prefix(2000)) }
            let name = request.path.hasSuffix("approve") ? RoutingWorkflow.approveSignal : RoutingWorkflow.rejectSignal
            try client.signal(workflowID: id, name: name, payload: ApprovalNote(note: note))
            return Self.redirect("/workflow" + HTML.query([("id", id)]))
        case "/actions/cancel":
            let id = try workflowID(form)
            try client.cancel(workflowID: id, reason: "cancelled from the console")
            return Self.redirect("/workflow" + HTML.query([("id", id)]))
        case "/actions/terminate":
            let id = try workflowID(form)
            guard form["confirm"] == "yes" else {
                throw ConsoleError.badRequest("terminating needs the confirmation: tick “I understand” and submit again")
            }
            let reason = form["reason"].flatMap { $0.isEmpty ? nil : String($0.prefix(500)) } ?? "terminated from the console"
            try client.terminate(workflowID: id, reason: reason)
            return Self.redirect("/workflow" + HTML.query([("id", id)]))
        default:
            throw ConsoleError.notFound("there is nothing to post to at \(request.path.prefix(200))")
        }
    }

    private func login(_ request: HTTPRequest) throws -> HTTPResponse {
        var error: String?
        if request.method == "POST" {
            let form = FormEncoding.fields(request.body)
            try security.checkPost(request, form: form)
            if let cookie = security.login(with: form["token"] ?? "") {
                var response = Self.redirect("/")
                response.headers.set("Set-Cookie", cookie)
                return response
            }
            error = "That is not the console's token."
        }
        let content = """
            <h1>Sign in</h1>
            \(error.map { "<p class=\"error\">\(HTML.escape($0))</p>" } ?? "")
            <form method="post" action="/login"><input type="hidden" name="csrf" value="\(HTML.escape(security.csrfToken))">
            <label>Console token<input type="password" name="token" required autocomplete="current-password"></label>
            <button type="submit">Sign in</button></form>
            """
        return Self.page(PageLayout.page(title: "Sign in", content: content), status: error == nil ? 200 : 401)
    }

    private func workflowID(_ parameters: [String: String]) throws(ConsoleError) -> String {
        guard let id = parameters["id"], !id.isEmpty else { throw .badRequest("which workflow? the id parameter is missing") }
        guard id.count <= 1000 else { throw .badRequest("a workflow ID has at most 1000 characters") }
        return id
    }

    static func page(_ html: String, status: Int = 200) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "text/html; charset=utf-8")
        return HTTPResponse(status: status, headers: headers, text: html)
    }

    private static func asset(_ text: String, type: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Content-Type", "\(type); charset=utf-8")
        headers.set("Cache-Control", "max-age=300")
        return HTTPResponse(status: 200, headers: headers, text: text)
    }

    private static func redirect(_ location: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.set("Location", location)
        return HTTPResponse(status: 303, headers: headers)
    }
}
