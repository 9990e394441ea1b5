import Foundation

/// The offline model: answers from an agent's knowledge by retrieval, deterministically, and
/// says honestly when the knowledge does not cover a question instead of quoting something unrelated.
public struct LocalAnswerer: Sendable {
    /// The share of the question's weight a passage must cover to be used.
    public static let minimumCoverage = 0.45

    public let knowledge: KnowledgeBase

    public init(knowledge: KnowledgeBase) {
        self.knowledge = knowledge
    }

    /// Answers `question` from the best-matching section: its most relevant sentences, with the source.
    public func answer(to question: String) -> LocalAnswer {
        guard let best = knowledge.search(question, limit: 1).first,
              knowledge.coverage(of: question, by: best) >= Self.minimumCoverage
        else {
            return LocalAnswer(
                text: "I don't have information about that. I can only answer from the \(knowledge.agentID.uppercased()) knowledge base; please rephrase or contact the team directly.",
                isKnown: false, sources: [])
        }
        let sentences = Self.relevantSentences(of: best.text, for: question, limit: 3)
        return LocalAnswer(text: sentences.joined(separator: " ") + " (Source: \(best.title))", isKnown: true,
                           sources: [best.title])
    }

    /// The `limit` sentences sharing most terms with the question, in their original order.
    static func relevantSentences(of text: String, for question: String, limit: Int) -> [String] {
        let sentences = split(text)
        let query = Set(TextAnalyzer.terms(question))
        let ranked = sentences.enumerated()
            .map { (offset: $0.offset, score: Set(TextAnalyzer.terms($0.element)).intersection(query).count) }
            .sorted { $0.score != $1.score ? $0.score > $1.score : $0.offset < $1.offset }
        var chosen = ranked.prefix(limit).filter { $0.score > 0 }.map(\.offset)
        if chosen.isEmpty { chosen = [0] }
        return chosen.sorted().map { sentences[$0] }
    }

    private static func split(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        let characters = Array(text.replacingOccurrences(of: "\n", with: " "))
        for (index, character) in characters.enumerated() {
            current.append(character)
            let next = index + 1 < characters.count ? characters[index + 1] : " "
            let afterNext = index + 2 < characters.count ? characters[index + 2] : "A"
            if ".!?".contains(character), next == " ", afterNext.isUppercase || afterNext.isNumber {
                sentences.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { sentences.append(current.trimmingCharacters(in: .whitespaces)) }
        return sentences
    }
}
