import AgentTesting
import Testing
@testable import AgentExecutors

/// The byte-level split of ASCII answers gives exactly the chunks of the `Character` split.
@Suite struct KnowledgeChunkTests {
    @Test func asciiSplitMatchesCharacterSplit() throws {
        var generator = SplitMix64(seed: 7)
        // Every ASCII character, so each one's whitespace class is checked against Character's.
        let alphabet = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) } + ["\r\n", " ", " ", "a", "b"]
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            for words in [1, 2, 6] {
                let fast = try #require(KnowledgeExecutor.asciiChunks(of: text, wordsPerChunk: words))
                #expect(fast == KnowledgeExecutor.characterChunks(of: text, wordsPerChunk: words), "\(Array(text.utf8))")
                #expect(fast.joined() == text)
            }
        }
    }

    @Test func nonASCIITextTakesTheCharacterSplit() {
        #expect(KnowledgeExecutor.asciiChunks(of: "café au lait", wordsPerChunk: 1) == nil)
        #expect(KnowledgeExecutor.chunks(of: "café au\u{00A0}lait", wordsPerChunk: 1) == ["café ", "au\u{00A0}", "lait"])
    }
}
