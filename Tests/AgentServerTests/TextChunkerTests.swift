import Testing
@testable import AgentServer

/// The chunker holds each delta back one step so the last chunk can say `lastChunk`.
@Suite struct TextChunkerTests {
    func chunks(_ deltas: [String]) -> [TextChunker.Chunk] {
        var chunker = TextChunker(artifactId: "a")
        var emitted: [TextChunker.Chunk] = []
        for delta in deltas { chunker.add(delta) { emitted.append($0) } }
        chunker.flush { emitted.append($0) }
        return emitted
    }

    @Test func firstReplacesLaterAppendLastIsMarked() {
        let emitted = chunks(["a", "b", "c"])
        #expect(emitted.map(\.text) == ["a", "b", "c"])
        #expect(emitted.map(\.first) == [true, false, false])
        #expect(emitted.map(\.last) == [false, false, true])
        #expect(emitted.allSatisfy { $0.artifactId == "a" })
    }

    @Test func oneDeltaIsFirstAndLast() {
        let emitted = chunks(["only"])
        #expect(emitted.count == 1)
        #expect(emitted.first?.first == true)
        #expect(emitted.first?.last == true)
    }

    @Test func nothingHeldEmitsNothing() {
        var chunker = TextChunker(artifactId: "a")
        var count = 0
        chunker.flush { _ in count += 1 }
        #expect(count == 0)
        #expect(!chunker.sawText)
    }
}
