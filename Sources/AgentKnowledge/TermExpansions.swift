/// The WordNet relations of each document term, looked up once per term while an index is
/// built: the term's own relations, and its other base forms ("meeting" beside "meet") with theirs.
struct TermExpansions {
    private let wordNet: WordNet?
    private let alternatives: [String: Set<String>]
    private let weights: TermIndex.Weights
    /// The terms of the phrase each acronym stands for ("pto": paid, time, time_off).
    private let definitions: [String: [String]]
    private var known: [String: [String: Double]] = [:]

    init(wordNet: WordNet?, alternatives: [String: Set<String>], definitions: [String: [String]] = [:],
         weights: TermIndex.Weights) {
        self.wordNet = wordNet
        self.definitions = definitions
        self.alternatives = alternatives
        self.weights = weights
    }

    /// The words related to `term`, each with its weight; none without WordNet.
    mutating func related(to term: String) -> [String: Double] {
        if let cached = known[term] { return cached }
        guard let wordNet else { return [:] }
        var related = wordNet.related(to: term, weights: weights.relations)
        for word in definitions[term] ?? [] where word != term {
            related[word] = max(related[word] ?? 0, weights.alternative)
            for (other, weight) in wordNet.related(to: word, weights: weights.relations) where other != term {
                related[other] = max(related[other] ?? 0, weight * weights.alternative)
            }
        }
        for alternative in (alternatives[term] ?? []).sorted() {
            related[alternative] = max(related[alternative] ?? 0, weights.alternative)
            for (word, weight) in wordNet.related(to: alternative, weights: weights.relations) where word != term {
                related[word] = max(related[word] ?? 0, weight * weights.alternative)
            }
        }
        known[term] = related
        return related
    }
}
