/// One `##` section of a knowledge file.
public struct KnowledgePassage: Codable, Sendable, Equatable {
    /// The section heading.
    public var title: String
    public var text: String
    /// The file it came from, relative to the agents directory.
    public var source: String
    /// The relevance to the last query (0 when not from a search).
    public var score: Double

    public init(title: String, text: String, source: String, score: Double = 0) {
        self.title = title
        self.text = text
        self.source = source
        self.score = score
    }
}
