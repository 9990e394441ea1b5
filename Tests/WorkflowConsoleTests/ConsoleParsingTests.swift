import DurableEngine
import Testing
@testable import WorkflowConsole

/// The console's pure pieces: escaping, the API's paths, the visibility query subset.
@Suite struct ConsoleParsingTests {
    @Test func escapingLeavesNoMarkup() {
        let hostile = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>'&"
        let escaped = HTML.escape(hostile)
        #expect(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\"") && !escaped.contains("'"))
        #expect(escaped == "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;&#39;&amp;")
    }

    @Test func queryValuesArePercentEncoded() {
        #expect(HTML.queryValue("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9")
        #expect(HTML.query([("id", "x y"), ("empty", ""), ("none", nil)]) == "?id=x%20y")
    }

    @Test func apiPathsNameTheirWorkflowEvenWithSlashes() throws {
        let base = "/api/v1/namespaces/default/workflows"
        #expect(try WorkflowAPI.endpoint(method: "GET", path: base) == .list)
        #expect(try WorkflowAPI.endpoint(method: "GET", path: base + "/a/b") == .describe("a/b"))
        #expect(try WorkflowAPI.endpoint(method: "GET", path: base + "/a/b/history") == .history("a/b"))
        #expect(try WorkflowAPI.endpoint(method: "POST", path: base + "/w1/signal/approve") == .signal("w1", "approve"))
        #expect(try WorkflowAPI.endpoint(method: "POST", path: base + "/w1/query/draft") == .query("w1", "draft"))
        #expect(try WorkflowAPI.endpoint(method: "POST", path: base + "/w1/terminate") == .terminate("w1"))
        #expect(throws: ConsoleError.self) { try WorkflowAPI.endpoint(method: "GET", path: base + "/w1/cancel") }
        let other = #expect(throws: ConsoleError.self) { try WorkflowAPI.endpoint(method: "GET", path: "/api/v1/namespaces/prod/workflows") }
        #expect(other?.status == 404 && other?.message.contains("prod") == true)
    }

    @Test func visibilityQueriesBecomeFilters() throws {
        let filter = try VisibilityQuery.parse(#"WorkflowType = "RoutingWorkflow" AND ExecutionStatus = 'Running'"#)
        #expect(filter.workflowType == "RoutingWorkflow" && filter.status == .running)
        #expect(try VisibilityQuery.parse(#"WorkflowId="abc""#).workflowID == "abc")
        let unsupported = #expect(throws: ConsoleError.self) { try VisibilityQuery.parse(#"CustomField = "x""#) }
        #expect(unsupported?.message.contains("CustomField") == true)
        #expect(throws: ConsoleError.self) { try VisibilityQuery.parse("WorkflowType = RoutingWorkflow") }
    }

    @Test func pageFiltersAreValidated() throws {
        #expect(try WorkflowListQuery(page: ["status": "completed", "pageSize": "10"]).filter.status == .completed)
        #expect(throws: ConsoleError.self) { try WorkflowListQuery(page: ["status": "done"]) }
        #expect(throws: ConsoleError.self) { try WorkflowListQuery(page: ["pageSize": "100000"]) }
        #expect(throws: ConsoleError.self) { try WorkflowListQuery(page: ["q": String(repeating: "x", count: 201)]) }
        #expect(throws: ConsoleError.self) { try WorkflowListQuery(page: ["since": "-5"]) }
    }
}
