import AgentKnowledge
import AgentServer
import ModelProviders

/// The local, offline model: answers from the agent's knowledge by retrieval
/// (`LocalAnswerer`), deterministically, streamed as several chunks of a few words.
public struct KnowledgeExecutor: AgentExecutor {
    let answerer: LocalAnswerer
    /// Words per streamed chunk.
    let wordsPerChunk: Int
    /// Times each answer as a model call of provider `local`.
    let metrics = ModelCallMetrics(provider: "local")

    public init(answerer: LocalAnswerer, wordsPerChunk: Int = 6) {
        self.answerer = answerer
        self.wordsPerChunk = max(1, wordsPerChunk)
    }

    public init(knowledge: KnowledgeBase, wordsPerChunk: Int = 6) {
        self.init(answerer: LocalAnswerer(knowledge: knowledge), wordsPerChunk: wordsPerChunk)
    }

    public func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
        let chunks = answerChunks(question)
        return AsyncThrowingStream { continuation in
            for chunk in chunks { continuation.yield(chunk) }
            continuation.finish()
        }
    }

    /// Always the whole answer: retrieval does not wait on anything.
    public func immediateAnswer(_ question: String, context: AgentExecutionContext) -> [String]? {
        answerChunks(question)
    }

    /// The retrieved answer, split into its chunks.
    func answerChunks(_ question: String) -> [String] {
        let start = ContinuousClock.now
        let answer = answerer.answer(to: question).text
        metrics.record(since: start, failed: false)
        return Self.chunks(of: answer, wordsPerChunk: wordsPerChunk)
    }

    /// Splits `text` into pieces of `wordsPerChunk` words that concatenate back to `text`.
    static func chunks(of text: String, wordsPerChunk: Int) -> [String] {
        if let ascii = asciiChunks(of: text, wordsPerChunk: wordsPerChunk) { return ascii }
        return characterChunks(of: text, wordsPerChunk: wordsPerChunk)
    }

    /// `characterChunks` for ASCII text, on bytes: there every character is one byte (or
    /// `\r\n`, whose bytes are both whitespace), and whitespace is tab through carriage
    /// return and space. Nil for text with any non-ASCII byte.
    static func asciiChunks(of text: String, wordsPerChunk: Int) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var chunks: [String] = []
            var start = 0
            var words = 0
            var inWord = false
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard byte < 0x80 else { return nil }
                let isSpace = byte == 0x20 || (0x09...0x0D).contains(byte)
                if !isSpace && !inWord {
                    if words == wordsPerChunk {
                        chunks.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                        start = index
                        words = 0
                    }
                    words += 1
                }
                inWord = !isSpace
            }
            if start < bytes.count {
                chunks.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            }
            return chunks
        }
    }

    /// The general split, by `Character`.
    static func characterChunks(of text: String, wordsPerChunk: Int) -> [String] {
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
