import AgentTesting
import DurableEngine
import Foundation
import RoutingWorkflow
import Testing

/// The console in a real browser: Debian's Chromium, headless, driven by selenium. Skipped,
/// with the reason printed, when Chromium, chromedriver or selenium cannot be had.
@Suite(.enabled(if: ConsoleBrowser.available, "Chromium, chromedriver or selenium is missing (make browser-deps)"))
struct ConsoleBrowserTests {
    @Test func aNewRunAppearsInTheListWithoutAReload() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        _ = try await setup.route("Where can I park?", id: "first-run")
        let browser = try ConsoleBrowser.launch("list-live", baseURL: setup.url, ["second-run"])
        try await browser.waitFor("loaded", timeout: .seconds(60))
        _ = try await setup.route("How long is parental leave?", id: "second-run")
        let seen = try await ConsoleBrowser.result(of: browser)
        #expect(seen["reloaded"] as? Bool == false)
        #expect(seen["rows"] as? Int == 2)
    }

    @Test func theTimelineShowsFourStepsAndTheRetryAfterA429() async throws {
        let model = FakeOpenAIServer(fallback: .answer("hr"))
        model.enqueue(.status(429, retryAfter: "1"))
        try model.start()
        let environment = ["SWITCHBOARD_MODEL": "openai", "OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-test"]
        let setup = try await ConsoleSetup.start(environment: environment)
        defer { Task { await setup.stop(); await model.stop() } }
        _ = try await setup.route("How long is parental leave?", id: "retried")
        let seen = try await ConsoleBrowser.run("timeline", baseURL: setup.url, ["retried"])
        #expect(seen["rows"] as? [String] == ["discover_agents", "render_classifier_prompt", "classify", "call_agent"])
        let retries = seen["retries"] as? [String] ?? []
        #expect(retries.count == 1 && retries.first?.contains("429") == true, "\(retries)")
        #expect(seen["visible"] as? Bool == true)
    }

    @Test func approveCompletesAGatedRun() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        let seen = try await ConsoleBrowser.run("approve", baseURL: setup.url, ["How long is parental leave?"])
        #expect((seen["draft"] as? String)?.contains("Sixteen weeks") == true, "\(seen)")
        #expect((seen["answer"] as? String)?.contains("approved: checked by the browser test") == true, "\(seen)")
        #expect(seen["status"] as? String == "completed")
    }

    @Test func theAskBoxRoutesAQuestionAndShowsTheAnswer() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        let seen = try await ConsoleBrowser.run("ask", baseURL: setup.url, ["How long is parental leave?"])
        #expect((seen["answer"] as? String)?.contains("Sixteen weeks of paid leave.") == true, "\(seen)")
        #expect((seen["steps"] as? String)?.contains("classifying the question") == true, "\(seen)")
    }

    @Test func aHostileQuestionIsShownAsText() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        let hostile = #"<script>window.xss=1</script>"><img src=x onerror="window.xss=2"> parental leave?"#
        let seen = try await ConsoleBrowser.run("xss", baseURL: setup.url, [hostile])
        #expect(seen["question"] as? String == hostile)
        #expect(seen["xss"] is NSNull, "a script from the question ran: \(seen)")
        #expect(seen["images"] as? Int == 0 && seen["scripts"] as? Int == 0)
    }

    @Test func everyPageFitsAPhoneScreen() async throws {
        let setup = try await ConsoleSetup.start()
        defer { Task { await setup.stop() } }
        _ = try await setup.route("How long is parental leave?", id: "phone")
        let seen = try await ConsoleBrowser.run("phone", baseURL: setup.url, ["phone"])
        let widths = seen["widths"] as? [String: [Int]] ?? [:]
        #expect(widths.count == 4, "\(seen)")
        for (page, pair) in widths {
            #expect(pair.count == 2 && pair[0] <= pair[1], "\(page) scrolls sideways on a 390-pixel screen: \(pair)")
        }
    }

    @Test func aPostWithoutTheCSRFTokenIsRefused() async throws {
        let setup = try await ConsoleSetup.start()
        let client = try await setup.route("How long is parental leave?", id: "kept", requireApproval: true)
        defer { Task { await setup.stop() } }
        let seen = try await ConsoleBrowser.run("csrf", baseURL: setup.url, ["kept"])
        #expect(seen["status"] as? Int == 403)
        #expect(try client.describe(workflowID: "kept").record.status == .running)
    }
}
