@testable import AgentServer
import Foundation
import Testing

/// ListTasks page tokens: base64url without padding, and back.
@Suite struct PageCursorTests {
    @Test func randomCursorsRoundTripAsURLSafeTokens() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abc-_?>~é:0123")  // "?>" and "~" give "/" and "+" in plain base64
        for _ in 0..<2_000 {
            let id = String((0..<Int.random(in: 0...12, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
            let cursor = PageCursor(micros: Int64.random(in: 0...Int64.max, using: &generator), id: id)
            let token = cursor.token
            #expect(!token.contains { "+/=".contains($0) }, "\(token)")
            let parsed = try #require(PageCursor(token: token))
            #expect(parsed.micros == cursor.micros)
            #expect(parsed.id == cursor.id)
        }
    }

    @Test(arguments: ["", "!!!", "bm90IGEgY3Vyc29y", "/w"])  // empty, not base64, no colon, not UTF-8
    func foreignTokensAreRejected(token: String) {
        #expect(PageCursor(token: token) == nil)
    }
}
