import DurableEngine
import Foundation
import Testing
@testable import WorkflowConsole

/// The console's indented JSON reads back, once its entities are undone, as the same value.
@Suite struct PrettyJSONTests {
    private func unescaped(_ html: String) -> String {
        html.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    @Test func readsBackAsTheSameValue() throws {
        let value: [String: Any] = [
            "eventId": "7", "attempt": 3, "nonRetryable": true, "backoffCoefficient": 1.5, "empty": [String: Any](),
            "list": [1, "two", ["three": false]] as [Any], "none": [Any](),
            "text": "quote \" backslash \\ newline \n tab \t bell \u{7} <script>&'é",
        ]
        let html = PrettyJSON.html(value)
        #expect(!html.contains("<") && !html.contains(">"))
        let parsed = try JSONSerialization.jsonObject(with: Data(unescaped(html).utf8)) as? NSDictionary
        #expect(parsed == (value as NSDictionary), "\(html)")
        #expect(html.hasPrefix("{\n  &quot;attempt&quot;: 3,\n"))
    }

    @Test func escapingIsEntityForEntity() {
        #expect(HTML.escape("plain text, é") == "plain text, é")
        #expect(HTML.escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&#39;")
    }
}
