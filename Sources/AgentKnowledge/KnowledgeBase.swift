import Foundation

/// An agent's knowledge files split into `##` sections and indexed for retrieval (BM25, with
/// the heading counted twice so that a section about a topic beats a passing mention).
public struct KnowledgeBase: Sendable {
    public let agentID: String
    public let passages: [KnowledgePassage]
    let index: BM25Index
    /// The distinct terms of each passage, for coverage checks.
    let passageTerms: [Set<String>]
    /// Each passage's sentences with their terms, split once here rather than per answer.
    let passageSentences: [[(text: String, terms: Set<String>)]]

    /// Loads the knowledge files of `definition`, relative to `agentsDirectory`.
    /// - Throws: `AgentDefinitionError` naming a missing or empty file.
    public init(definition: AgentDefinition, agentsDirectory: URL) throws {
        var passages: [KnowledgePassage] = []
        for relative in definition.knowledge {
            let file = agentsDirectory.appendingPathComponent(relative)
            guard let text = try? String(contentsOf: file, encoding: .utf8) else {
                throw AgentDefinitionError(file: file.path, message: "knowledge file of agent '\(definition.id)' cannot be read")
            }
            let sections = Self.sections(of: text, source: relative)
            guard !sections.isEmpty else {
                throw AgentDefinitionError(file: file.path, message: "has no '## ' sections to answer from")
            }
            passages += sections
        }
        self.init(agentID: definition.id, passages: passages)
    }

    /// A knowledge base over given passages.
    public init(agentID: String, passages: [KnowledgePassage]) {
        self.agentID = agentID
        self.passages = passages
        let terms = passages.map { Self.terms(of: $0) }
        index = BM25Index(documents: terms)
        passageTerms = terms.map(Set.init)
        passageSentences = passages.map { passage in
            SentenceSplitter.split(passage.text).map { (text: $0, terms: Set(TextAnalyzer.terms($0))) }
        }
    }

    static func terms(of passage: KnowledgePassage) -> [String] {
        let title = TextAnalyzer.terms(passage.title)
        return title + title + TextAnalyzer.terms(passage.text)
    }

    /// Splits markdown into its `## ` sections.
    static func sections(of markdown: String, source: String) -> [KnowledgePassage] {
        var sections: [KnowledgePassage] = []
        var title: String?
        var lines: [String] = []
        func flush() {
            if let title {
                let text = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                if !text.isEmpty { sections.append(KnowledgePassage(title: title, text: text, source: source)) }
            }
            lines = []
        }
        for line in markdown.components(separatedBy: .newlines) {
            if line.hasPrefix("## ") {
                flush()
                title = String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces)
            } else if !line.hasPrefix("# ") {
                lines.append(line)
            }
        }
        flush()
        return sections
    }

    /// The `limit` passages most relevant to `query`, best first; passages with no shared term are left out.
    public func search(_ query: String, limit: Int) -> [KnowledgePassage] {
        ranked(TextAnalyzer.terms(query)).prefix(limit).map { item in
            var passage = passages[item.offset]
            passage.score = item.score
            return passage
        }
    }

    /// Passage positions and scores for query terms, best first, without zero scores.
    func ranked(_ terms: [String]) -> [(offset: Int, score: Double)] {
        index.scores(terms).enumerated()
            .filter { $0.element > 0 }
            .sorted { $0.element != $1.element ? $0.element > $1.element : $0.offset < $1.offset }
            .map { (offset: $0.offset, score: $0.element) }
    }

    /// The share (0...1) of the query's weight, by term rarity, that `passage` covers.
    /// Terms the knowledge never mentions weigh as much as the rarest known term.
    func coverage(of terms: Set<String>, byPassageAt offset: Int) -> Double {
        guard !terms.isEmpty else { return 0 }
        let passageTerms = self.passageTerms[offset]
        let rarest = index.idf("")
        var covered = 0.0, total = 0.0
        for term in terms {
            let weight = index.contains(term) ? index.idf(term) : rarest
            total += weight
            if passageTerms.contains(term) { covered += weight }
        }
        return total > 0 ? covered / total : 0
    }
}
