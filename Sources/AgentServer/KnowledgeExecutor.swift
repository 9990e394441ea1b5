import AgentKnowledge

/// The local, offline model: answers from the agent's knowledge by retrieval
/// (`LocalAnswerer`), deterministically, streamed as several chunks of a few words.
public struct KnowledgeExecutor: AgentExecutor {
    let answerer: LocalAnswerer
    /// Words per streamed chunk.
    let wordsPerChunk: Int

    public init(answerer: LocalAnswerer, wordsPerChunk: Int = 6) {
        self.answerer = answerer
        self.wordsPerChunk = max(1, wordsPerChunk)
    }

    public init(knowledge: KnowledgeBase, wordsPerChunk: Int = 6) {
        self.init(answerer: LocalAnswerer(knowledge: knowledge), wordsPerChunk: wordsPerChunk)
    }

    public func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        let text = answerer.answer(to: question).text
        let chunks = Self.chunks(of: text, wordsPerChunk: wordsPerChunk)
        return AsyncThrowingStream { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
    }

    /// Splits `text` into pieces of `wordsPerChunk` words that concatenate back to `text`.
    static func chunks(of text: String, wordsPerChunk: Int) -> [String] {
        var chunks: [String] = []
        var current = ""
        var words = 0
        var inWord = false
        for character in text {
            let isSpace = character.isWhitespace
            if !isSpace && !inWord {
                if words == wordsPerChunk {
                    chunks.append(current)
                    current = ""
                    words = 0
                }
                words += 1
            }
            inWord = !isSpace
            current.append(character)
        }
        if !current.isEmpty { chunks.append(current) }
        return chunks
    }
}
