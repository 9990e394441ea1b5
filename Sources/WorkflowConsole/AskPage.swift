import DurableEngine
import RandomID
import RoutingWorkflow

/// The Ask page: a question box that starts a `RoutingWorkflow` and then shows that run's page,
/// where its progress and answer appear live. A worker on the same history file must be alive;
/// the page says so instead of starting a run nobody will run.
struct AskPage {
    static let maxQuestionLength = 4000
    let csrfToken: String
    let defaultAgentID: String

    func render(_ client: WorkflowClient, question: String = "", error: String? = nil) -> String {
        var content = "<h1>Ask a question</h1>"
        if let error { content += "<p class=\"error\" id=\"ask-error\">\(HTML.escape(error))</p>" }
        if error == nil, (try? client.hasLiveWorker()) != true {
            content += "<p class=\"notice\" id=\"no-worker\">\(HTML.escape(Self.noWorker(client)))</p>"
        }
        content += """
            <form method="post" action="/ask" id="ask-form">
            <input type="hidden" name="csrf" value="\(HTML.escape(csrfToken))">
            <label>Question<textarea name="question" required maxlength="\(Self.maxQuestionLength)" \
            placeholder="How many vacation days do I get?">\(HTML.escape(question))</textarea></label>
            <p><label><span><input type="checkbox" name="approval" value="yes"> Require approval before the answer is final</span></label></p>
            <button type="submit">Route it</button>
            </form>
            """
        return PageLayout.page(title: "Ask", content: content)
    }

    /// Starts the run for a posted question.
    /// - Returns: the workflow ID.
    /// - Throws: `ConsoleError` for an empty or oversized question, or when no worker is alive.
    func start(_ client: WorkflowClient, form: [String: String]) async throws -> String {
        let question = (form["question"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !question.isEmpty else { throw ConsoleError.badRequest("type a question first") }
        guard question.count <= Self.maxQuestionLength else {
            throw ConsoleError.badRequest("the question is longer than \(Self.maxQuestionLength) characters")
        }
        guard try client.hasLiveWorker() else { throw ConsoleError.unavailable(Self.noWorker(client)) }
        let request = RouteRequest(question: question, defaultAgentID: defaultAgentID, requireApproval: form["approval"] == "yes")
        let execution = try await client.start(RoutingWorkflow.self, input: request, id: "console-" + RandomID.timeOrderedUUID())
        return execution.workflowID
    }

    static func noWorker(_ client: WorkflowClient) -> String {
        "No worker is running on \(client.store.path), so a question would wait forever. Start one with "
            + "`switchboard worker --db \(client.store.path)` (or `make demo KEEP=1`), then ask again."
    }
}
