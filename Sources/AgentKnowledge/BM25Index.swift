import Foundation

/// An Okapi BM25 index over documents of terms (k1 = 1.2, b = 0.75). Deterministic.
public struct BM25Index: Sendable {
    private let documents: [[String: Int]]
    private let lengths: [Double]
    private let averageLength: Double
    private let documentFrequency: [String: Int]

    /// Indexes documents given as their terms.
    public init(documents: [[String]]) {
        self.documents = documents.map { terms in terms.reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        lengths = documents.map { Double($0.count) }
        averageLength = max(1, lengths.reduce(0, +) / Double(max(1, documents.count)))
        var frequency: [String: Int] = [:]
        for document in self.documents { for term in document.keys { frequency[term, default: 0] += 1 } }
        documentFrequency = frequency
    }

    /// The number of documents.
    public var count: Int { documents.count }

    /// How rare `term` is: high for rare terms; a term never seen counts as rarest.
    public func idf(_ term: String) -> Double {
        let n = Double(documents.count)
        let df = Double(documentFrequency[term] ?? 0)
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

    /// True when some document holds `term`.
    public func contains(_ term: String) -> Bool { documentFrequency[term] != nil }

    /// The BM25 score of document `index` for `query` terms.
    public func score(_ query: [String], document index: Int) -> Double {
        let terms = Self.distinct(query)
        return score(terms, weights: terms.map(idf), document: index)
    }

    /// Every document's score, in document order.
    public func scores(_ query: [String]) -> [Double] {
        let terms = Self.distinct(query)
        let weights = terms.map(idf)
        return (0..<documents.count).map { score(terms, weights: weights, document: $0) }
    }

    /// Sums over the distinct terms in the order the query first names them, so the same query
    /// always adds the same numbers in the same order (a Set's order changes between processes,
    /// and floating-point sums with it).
    private func score(_ terms: [String], weights: [Double], document index: Int) -> Double {
        let document = documents[index]
        let k1 = 1.2, b = 0.75
        let norm = k1 * (1 - b + b * lengths[index] / averageLength)
        var total = 0.0
        for (term, weight) in zip(terms, weights) {
            guard let frequency = document[term] else { continue }
            let tf = Double(frequency)
            total += weight * tf * (k1 + 1) / (tf + norm)
        }
        return total
    }

    private static func distinct(_ terms: [String]) -> [String] {
        var seen = Set<String>()
        return terms.filter { seen.insert($0).inserted }
    }
}
