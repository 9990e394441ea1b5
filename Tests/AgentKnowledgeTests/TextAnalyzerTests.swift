import AgentKnowledge
import Testing

/// Query terms: the 401(k) plan stays one term, with or without other parentheses around.
@Suite struct TextAnalyzerTests {
    @Test(arguments: [
        ("What is the company 401(k) match?", true), ("401(K) rollover (from another plan)", true),
        ("Is there a 401k?", true), ("Is there a 401 (k) plan?", false), ("How many days (per year)?", false),
    ])
    func planNameIsOneTerm(text: String, expected: Bool) {
        let terms = TextAnalyzer.terms(text)
        #expect(terms.contains("401k") == expected, "\(terms)")
        #expect(!terms.contains("k"))
    }
}
