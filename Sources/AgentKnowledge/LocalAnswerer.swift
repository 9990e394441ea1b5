import Foundation

/// The offline model: answers from an agent's knowledge by retrieval, deterministically, and
/// says honestly when the knowledge does not cover a question instead of quoting something unrelated.
public struct LocalAnswerer: Sendable {
    /// The share of the question's weight (by term rarity; a related word counts for its weight)
    /// the best section must cover to be used. Calibrated on the development evaluation set
    /// (`agents/eval/local-model-dev.jsonl`, see docs/local-model.md).
    public static let minimumCoverage = 0.44

    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    /// Answers `question` from the best-matching section: its most relevant sentences, with the source.
    public func answer(to question: String) -> LocalAnswer {
        let terms = knowledge.queryTerms(question)
        guard let best = knowledge.index.ranked(terms).first, best.coverage >= Self.minimumCoverage else {
            return LocalAnswer(
                text: "I don't have information about that. I can only answer from the \(knowledge.agentID.uppercased()) knowledge base; please rephrase or contact the team directly.",
                isKnown: false, sources: [])
        }
        let passage = knowledge.passages[best.document]
        let sentences = Self.relevantSentences(knowledge.passageSentences[best.document], for: Set(terms), limit: 3)
        return LocalAnswer(text: sentences.joined(separator: " ") + " (Source: \(passage.title))", isKnown: true,
                           sources: [passage.title])
    }

    /// The `limit` sentences sharing most terms with the question, in their original order.
    static func relevantSentences(_ sentences: [(text: String, terms: Set<String>)], for query: Set<String>, limit: Int) -> [String] {
        guard !sentences.isEmpty else { return [] }
        let ranked = sentences.enumerated()
            .map { (offset: $0.offset, score: $0.element.terms.intersection(query).count) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.offset < $1.offset }
        var chosen = ranked.prefix(limit).filter { $0.score > 0 }.map(\.offset)
        if chosen.isEmpty { chosen = [0] }
        return chosen.sorted().map { sentences[$0].text }
    }
}
