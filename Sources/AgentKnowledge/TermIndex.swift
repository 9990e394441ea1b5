import Foundation

/// A BM25 index (k1 = 1.2, b = 0.75) over lemmas, where each document also holds the words
/// WordNet relates to its own, at a lower weight: a question that says "reserve" finds a section
/// that says "book", for less than one that says "reserve". An acronym the documents define
/// ("paid time off (PTO)") is related to its phrase's words wherever it is used. Documents are
/// expanded, not questions, so WordNet is read only while the index is built.
struct TermIndex: Sendable {
    /// How a document holds a term: `frequency` times itself, or (frequency 0) as a related word of `related` weight.
    struct Posting: Sendable {
        var document: Int32
        var frequency: Float
        var related: Float
    }

    /// A document's score for a query, and the share (0...1) of the query's weight it covers.
    struct Match: Sendable {
        var document: Int
        var score: Double
        var coverage: Double
    }

    /// How the parts of a document and of a query count; tuned on the development evaluation set.
    struct Weights: Sendable {
        /// What WordNet relations count.
        var relations = WordNet.ExpansionWeights()
        /// Related words of body text count this much of those of a heading.
        var bodyRelations = 0.8
        /// Another base form of a document's word ("meeting" for "meet").
        var alternative = 0.9
        /// A word WordNet's corpus uses `generality` times weighs half as much in a query as a
        /// word it never uses (its rarity in the knowledge aside): "take" says less than "payroll".
        var generality = 25.0
        /// A question word no document holds weighs this much of the rarest word in coverage.
        var unknown = 0.5
    }

    private let analyzer: TermAnalyzer
    private var postings: [String: [Posting]]
    /// How often WordNet's corpus uses each common word (`cntlist.rev`).
    private let usage: [String: Float]
    private let lengths: [Double]
    private let averageLength: Double
    private let weights: Weights
    let count: Int

    /// Indexes `documents`, expanding their words through `wordNet` when there is one.
    init(documents: [[IndexedField]], wordNet: WordNet?, weights: Weights = .init()) {
        var builder = TermAnalyzer.Builder(wordNet: wordNet)
        let analysed = documents.map { fields in fields.map { (kind: $0.kind, terms: builder.terms($0.text)) } }
        var definitions: [String: [String]] = [:]
        for field in documents.joined() {
            for (acronym, phrase) in AcronymDefinitions.find(in: field.text) {
                if let term = builder.terms(acronym).first { definitions[term] = builder.terms(phrase) }
            }
        }
        var expansions = TermExpansions(wordNet: wordNet, alternatives: builder.alternatives, definitions: definitions,
                                        weights: weights)
        var postings: [String: [Posting]] = [:]
        var lengths: [Double] = []
        for (number, fields) in analysed.enumerated() {
            var frequency: [String: Float] = [:], strength: [String: Double] = [:], related: [String: Double] = [:]
            for field in fields {
                let count: Float = field.kind == .title ? 2 : 1
                let reach = field.kind == .title ? 1 : weights.bodyRelations
                for term in field.terms {
                    frequency[term, default: 0] += count
                    strength[term] = max(strength[term] ?? 0, reach)
                }
            }
            for (term, reach) in strength {
                for (word, weight) in expansions.related(to: term) where frequency[word] == nil {
                    related[word] = max(related[word] ?? 0, weight * reach)
                }
            }
            for (term, tf) in frequency { postings[term, default: []].append(Posting(document: Int32(number), frequency: tf, related: 0)) }
            for (term, weight) in related {
                postings[term, default: []].append(Posting(document: Int32(number), frequency: 0, related: Float(weight)))
            }
            lengths.append(Double(frequency.values.reduce(0, +)))
        }
        self.postings = postings
        self.lengths = lengths
        self.weights = weights
        count = documents.count
        averageLength = max(1, lengths.reduce(0, +) / Double(max(1, documents.count)))
        usage = (wordNet?.usageCounts(minimum: 10) ?? [:]).mapValues(Float.init)
        analyzer = builder.finish(vocabulary: { postings[$0] != nil })
    }

    /// The terms of a question (or any text) as this index reads them.
    func terms(_ text: String) -> [String] {
        analyzer.terms(text, vocabulary: { postings[$0] != nil })
    }

    /// How rare `term` is in the documents: high for rare terms; a term none holds counts as rarest.
    func idf(_ term: String) -> Double {
        let n = Double(count), df = Double(postings[term]?.count ?? 0)
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// Every document that holds a query term, with its score and coverage. The terms are
    /// counted once each, in the order the query names them, so sums are reproducible.
    func matches(_ query: [String]) -> [Match] {
        var seen = Set<String>()
        let terms = query.filter { seen.insert($0).inserted }
        let k1 = 1.2, b = 0.75, rarest = idf("")
        var scores = [Double](repeating: 0, count: count), covered = [Double](repeating: 0, count: count)
        var total = 0.0
        for term in terms {
            let generality = 1 + log1p(Double(usage[term] ?? 0) / weights.generality)
            guard let list = postings[term] else {
                total += weights.unknown * rarest / generality
                continue
            }
            let weight = idf(term) / generality
            total += weight
            for posting in list {
                let index = Int(posting.document)
                let norm = k1 * (1 - b + b * lengths[index] / averageLength)
                let tf = Double(posting.frequency)
                if tf > 0 {
                    scores[index] += weight * tf * (k1 + 1) / (tf + norm)
                    covered[index] += weight
                } else {
                    let related = Double(posting.related)
                    scores[index] += weight * related * (k1 + 1) / (1 + norm)
                    covered[index] += weight * related
                }
            }
        }
        return (0..<count).filter { scores[$0] > 0 }.map {
            Match(document: $0, score: scores[$0], coverage: total > 0 ? covered[$0] / total : 0)
        }
    }

    /// The matches of `query`, best score first (ties: the earlier document).
    func ranked(_ query: [String]) -> [Match] {
        matches(query).sorted { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
    }

    /// Adds evidence that `document` is about `terms` (a skill example it answers): each term it
    /// does not hold yet becomes a related word of `weight`.
    mutating func addEvidence(_ terms: [String], to document: Int, weight: Double) {
        for term in Set(terms) where !(postings[term]?.contains { Int($0.document) == document } ?? false) {
            postings[term, default: []].append(Posting(document: Int32(document), frequency: 0, related: Float(weight)))
        }
    }
}
