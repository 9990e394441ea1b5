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

    /// A status between deltas flushes the held one; the text after it must append to the
    /// answer, not replace it (a Router answer lost its start this way).
    @Test func textAfterAMidAnswerFlushAppends() {
        var chunker = TextChunker(artifactId: "a")
        var emitted: [TextChunker.Chunk] = []
        chunker.add("[routed to HR] piece 1. ") { emitted.append($0) }
        chunker.flush { emitted.append($0) }   // a WORKING status came
        chunker.add("piece 2.") { emitted.append($0) }
        chunker.flush { emitted.append($0) }
        #expect(emitted.map(\.text) == ["[routed to HR] piece 1. ", "piece 2."])
        #expect(emitted.map(\.first) == [true, false])
    }
}
