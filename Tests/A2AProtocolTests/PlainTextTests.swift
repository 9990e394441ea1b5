import A2AProtocol
import Foundation
import Testing

/// `trimmingSpacesAndTabs()` against Foundation's trimming with the same two characters, and
/// `containsBytes(of:)` against the standard library's search.
@Suite struct PlainTextTests {
    @Test(arguments: [
        ("", ""), ("   ", ""), ("\t \t", ""), ("1.0", "1.0"), ("  1.0\t", "1.0"), ("\ta b\t", "a b"),
        ("\u{00A0}x\u{00A0}", "\u{00A0}x\u{00A0}"),  // a no-break space is not HTTP whitespace
        ("\n1.0\n", "\n1.0\n"), (" é ", "é"), (" 👋🏽 ", "👋🏽"),
    ])
    func trimsOnlySpacesAndTabs(input: String, expected: String) {
        #expect(String(input.trimmingSpacesAndTabs()) == expected)
        #expect(String(input[...].trimmingSpacesAndTabs()) == expected)
    }

    @Test func agreesWithFoundationOnRandomTexts() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = [" ", "\t", "a", "é", "\n", "\u{00A0}", "😀"]
        let blanks = CharacterSet(charactersIn: " \t")
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...8, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(String(text.trimmingSpacesAndTabs()) == text.trimmingCharacters(in: blanks), "\(Array(text.unicodeScalars))")
        }
    }

    @Test(arguments: [
        ("application/json", "json", true), ("application/JSON", "json", false), ("json", "json", true), ("jso", "json", false),
        ("", "json", false), ("x", "", true), ("/tasks/a/pushNotificationConfigs/1", "/pushNotificationConfigs", true),
        ("jsjson", "json", true), ("text/plain", "json", false), ("é-json", "json", true),
    ])
    func findsTheBytes(text: String, needle: String, expected: Bool) {
        #expect(text.containsBytes(of: needle) == expected)
        #expect(text[...].containsBytes(of: needle) == expected)
    }

    @Test func agreesWithTheStandardLibraryOnRandomTexts() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = ["j", "s", "o", "n", "/", "é"]
        for _ in 0..<3_000 {
            let text = String((0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let needle = String((0..<Int.random(in: 1...3, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(text.containsBytes(of: needle) == (text.firstRange(of: needle) != nil), "\(text) / \(needle)")
        }
    }
}
