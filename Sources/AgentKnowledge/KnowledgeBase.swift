import Foundation

/// An agent's knowledge files split into `##` sections and indexed for retrieval: BM25 over
/// WordNet lemmas, each section also holding the words WordNet relates to its own (at a lower
/// weight), its heading counted twice, and the agent's skill examples as evidence for the
/// section they are about.
public struct KnowledgeBase: Sendable {
    /// What a word of a skill example counts in the section it is about, as a related word.
    static let exampleWeight = 0.7

    public let agentID: String
    public let passages: [KnowledgePassage]
    let index: TermIndex
    /// Each passage's sentences with their terms, split once here rather than per answer.
    let passageSentences: [[(text: String, terms: Set<String>)]]

    /// Loads the knowledge files of `definition`, relative to `agentsDirectory`, with WordNet as
    /// `WordNet.forLocalModel()` finds it (a warning, and words only, when it is missing).
    /// - Throws: `AgentDefinitionError` naming a missing or empty file.
    public init(definition: AgentDefinition, agentsDirectory: URL) throws {
        try self.init(definition: definition, agentsDirectory: agentsDirectory, wordNet: WordNet.forLocalModel())
    }

    /// Loads the knowledge files of `definition` and indexes them with `wordNet` (nil: words only).
    /// - Throws: `AgentDefinitionError` naming a missing or empty file.
    public init(definition: AgentDefinition, agentsDirectory: URL, wordNet: WordNet?) throws {
        self.init(agentID: definition.id, passages: try Self.passages(of: definition, agentsDirectory: agentsDirectory),
                  wordNet: wordNet, examples: definition.skills.flatMap(\.examples))
    }

    /// A knowledge base over given passages. Each of the skill `examples` that one section
    /// clearly answers becomes evidence for that section: its other words count as related words.
    public init(agentID: String, passages: [KnowledgePassage], wordNet: WordNet?, examples: [String] = []) {
        self.agentID = agentID
        self.passages = passages
        var index = TermIndex(documents: passages.map(Self.fields), wordNet: wordNet)
        let evidence = examples.compactMap { example -> (terms: [String], document: Int)? in
            let terms = index.terms(example)
            guard let best = index.ranked(terms).first, best.coverage >= LocalAnswerer.minimumCoverage else { return nil }
            return (terms, best.document)
        }
        for item in evidence { index.addEvidence(item.terms, to: item.document, weight: Self.exampleWeight) }
        self.index = index
        let finished = index
        passageSentences = passages.map { passage in
            SentenceSplitter.split(passage.text).map { (text: $0, terms: Set(finished.terms($0))) }
        }
    }

    /// The passages of every knowledge file of `definition`.
    static func passages(of definition: AgentDefinition, agentsDirectory: URL) throws -> [KnowledgePassage] {
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
        return passages
    }

    /// What the index holds of a passage: its heading and its text.
    static func fields(of passage: KnowledgePassage) -> [IndexedField] {
        [IndexedField(text: passage.title, kind: .title), IndexedField(text: passage.text, kind: .body)]
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

    /// The terms of a question as this knowledge base reads them: lemmas, and WordNet collocations it holds.
    public func queryTerms(_ question: String) -> [String] { index.terms(question) }

    /// The `limit` passages most relevant to `query`, best first; passages with no shared term are left out.
    public func search(_ query: String, limit: Int) -> [KnowledgePassage] {
        index.ranked(queryTerms(query)).prefix(limit).map { match in
            var passage = passages[match.document]
            passage.score = match.score
            return passage
        }
    }
}
