import AgentTesting
import Foundation
import Testing
@testable import PromptTemplates

/// The variable checker finds template markers with a hand scanner (so that agents never load
/// ICU); it must find exactly what the regular expression it replaced found.
@Suite struct TemplateTagScanTests {
    /// The pattern the checker used before, as the reference.
    private func regexTags(_ source: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: #"\{\{\s*(.*?)\s*\}\}|\{%\s*(.*?)\s*%\}"#,
                                               options: [.dotMatchesLineSeparators])
        let text = source as NSString
        return pattern.matches(in: source, range: NSRange(location: 0, length: text.length)).map { match in
            match.range(at: 1).location != NSNotFound ? "v:" + text.substring(with: match.range(at: 1))
                                                      : "t:" + text.substring(with: match.range(at: 2))
        }
    }

    private func scannedTags(_ source: String) -> [String] {
        TemplateVariableChecker.tags(in: source).map { ($0.isVariable ? "v:" : "t:") + $0.body }
    }

    @Test(arguments: [
        "{{ a }}", "{{a}}{{b}}", "{% for x in xs %}{{ x.name }}{% endfor %}", "{{ unclosed", "{{ a }", "{% a }}",
        "{{ a %}", "{{\n a \n}}", "{{}}", "{{ {{ a }} }}", "}}{{", "{%%}", "x{{y}}z{%w%}", "{{ a | upper }}",
        "{{ é }} and {% if ü %}", "{{{ a }}}", "{%{{ a }}%}", "{ {a} }",
    ])
    func markersMatchTheRegularExpression(_ source: String) {
        #expect(scannedTags(source) == regexTags(source), "in \(source.debugDescription)")
    }

    @Test func randomTextsMatchTheRegularExpression() {
        var rng = SplitMix64(seed: 7)
        let pool: [Character] = ["{", "{", "}", "}", "%", " ", "a", "\n", "|", "é"]
        for _ in 0..<3_000 {
            let source = String((0..<Int.random(in: 0...24, using: &rng)).map { _ in pool.randomElement(using: &rng)! })
            let scanned = scannedTags(source)
            let expected = regexTags(source)
            #expect(scanned == expected, "in \(source.debugDescription)")
            if scanned != expected { return }
        }
    }
}
