import Foundation

/// A BM25 index (k1 = 1.2, b = 0.75) over lemmas, where each document also holds the words
/// WordNet relates to its own, at a lower weight: a query that says "reserve" finds a document
/// that says "book" for less than one that says "reserve". Documents are expanded, not queries,
/// so WordNet is read only while the index is built; a query needs only the index.
struct TermIndex: Sendable {
    /// How a document holds a term: `frequency` times itself (0 for none), or as a related word
    /// of `related` weight; and how strongly its heading holds it (1 itself, less as a related word).
    struct Posting: Sendable {
        var document: Int32
        var frequency: Float
        var related: Float
        var title: Float
    }

    /// A document's score for a query, and the share (0...1) of the query's weight it covers.
    struct Match: Sendable {
        var document: Int
        var score: Double
        var coverage: Double
        /// The query's weight the document covers (coverage times the query's whole weight).
        var matched: Double
    }

    /// How the parts of a document count.
    struct Weights: Sendable {
        /// What WordNet relations count.
        var relations = WordNet.ExpansionWeights()
        /// What a query term found in the heading adds, times its rarity (section-level evidence).
        var title = 1.0
        /// Related words of body text count this much of those of the heading.
        var bodyRelations = 0.8
        /// Another base form of a document's word ("meeting" for "meet").
        var alternative = 0.9
        /// A word of evidence about the document (a skill example), as a related word.
        var evidence = 0.7
        var generality = 0.0
        var unknown = 1.0

        init() {
            // TEMPORARY tuning hook
            for pair in (DebugExplain.tuning ?? "").split(separator: ",") {
                let kv = pair.split(separator: "="); guard kv.count == 2, let v = Double(kv[1]) else { continue }
                switch kv[0] {
                case "title": title = v
                case "body": bodyRelations = v
                case "alt": alternative = v
                case "evidence": evidence = v
                case "gen": generality = v
                case "unk": unknown = v
                case "syn": relations.synonym = v
                case "der": relations.derivation = v
                case "hyper": relations.hypernym = v
                case "hypo": relations.hyponym = v
                case "senses": relations.senses = Int(v)
                case "decay": relations.senseDecay = v
                case "maxhypo": relations.maximumHyponyms = Int(v)
                default: break
                }
            }
        }
    }

    let analyzer: TermAnalyzer
    private let postings: [String: [Posting]]
    /// How often WordNet's corpus uses the common words no document holds: such a word in a
    /// question ("happen", "take") says less about what is asked than a rare one ("honeymoon").
    private let usage: [String: Float]
    private let lengths: [Double]
    private let averageLength: Double
    private let titleWeight: Double
    private let generalityScale: Double
    private let unknownScale: Double
    let count: Int

    /// Indexes `documents`, expanding their words through `wordNet` when there is one.
    init(documents: [[IndexedField]], wordNet: WordNet?, weights: Weights = .init()) {
        var builder = TermAnalyzer.Builder(wordNet: wordNet)
        let analysed = documents.map { fields in fields.map { (kind: $0.kind, terms: builder.terms($0.text)) } }
        var expansions: [String: [String: Double]] = [:]
        func expansion(_ term: String) -> [String: Double] {
            if let known = expansions[term] { return known }
            guard let wordNet else { return [:] }
            var related = wordNet.related(to: term, weights: weights.relations)
            for alternative in builder.alternatives[term] ?? [] {
                related[alternative] = max(related[alternative] ?? 0, weights.alternative)
                for (word, weight) in wordNet.related(to: alternative, weights: weights.relations) where word != term {
                    related[word] = max(related[word] ?? 0, weight * weights.alternative)
                }
            }
            expansions[term] = related
            return related
        }
        var postings: [String: [Posting]] = [:]
        var lengths: [Double] = []
        for (number, fields) in analysed.enumerated() {
            var frequency: [String: Float] = [:], title: [String: Double] = [:], related: [String: Double] = [:]
            var sources: [String: Double] = [:]
            for field in fields {
                switch field.kind {
                case .title:
                    for term in field.terms { frequency[term, default: 0] += 2; sources[term] = 1; title[term] = 1 }
                case .body:
                    for term in field.terms { frequency[term, default: 0] += 1; sources[term] = max(sources[term] ?? 0, weights.bodyRelations) }
                case .evidence:
                    for term in field.terms { related[term] = max(related[term] ?? 0, weights.evidence) }
                }
            }
            for (term, strength) in sources {
                for (word, weight) in expansion(term) {
                    related[word] = max(related[word] ?? 0, weight * strength)
                    if strength == 1 { title[word] = max(title[word] ?? 0, weight) }
                }
            }
            var words = Set(frequency.keys)
            words.formUnion(related.keys)
            for term in words {
                postings[term, default: []].append(Posting(
                    document: Int32(number), frequency: frequency[term] ?? 0, related: Float(related[term] ?? 0),
                    title: Float(title[term] ?? 0)))
            }
            lengths.append(Double(frequency.values.reduce(0, +)))
        }
        self.postings = postings
        self.lengths = lengths
        count = documents.count
        titleWeight = weights.title
        averageLength = max(1, lengths.reduce(0, +) / Double(max(1, documents.count)))
        usage = (wordNet?.usageCounts(minimum: 10) ?? [:]).mapValues(Float.init)
        generalityScale = weights.generality
        unknownScale = weights.unknown
        let vocabulary = postings
        analyzer = builder.finish(vocabulary: { vocabulary[$0] != nil })
    }

    /// How rare `term` is: high for rare terms; a term no document holds counts as rarest.
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
            let weight = idf(term) / (generalityScale > 0 ? 1 + log1p(Double(usage[term] ?? 0) / generalityScale) : 1)
            guard let list = postings[term] else { total += unknownWeight(term, rarest: rarest); continue }
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
                scores[index] += titleWeight * weight * Double(posting.title)
            }
        }
        return (0..<count).filter { scores[$0] > 0 }.map { Match(document: $0, score: scores[$0], coverage: total > 0 ? covered[$0] / total : 0, matched: covered[$0]) }
    }

    /// What a query term no document holds weighs in coverage: as much as the rarest term, less
    /// for a word WordNet's corpus uses often.
    private func unknownWeight(_ term: String, rarest: Double) -> Double {
        unknownScale * rarest / (1 + log1p(Double(usage[term] ?? 0) / 25))
    }

    /// The matches of `query`, best score first (ties: the earlier document).
    func ranked(_ query: [String]) -> [Match] {
        matches(query).sorted { $0.score != $1.score ? $0.score > $1.score : $0.document < $1.document }
    }

    func postingsFor(_ term: String) -> [Posting] { postings[term] ?? [] }

    /// The number of distinct terms the index holds, related words included.
    var vocabularySize: Int { postings.count }
}
