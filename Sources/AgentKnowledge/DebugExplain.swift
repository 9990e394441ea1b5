// TEMPORARY: development aid, not committed.
public enum DebugExplain {
    nonisolated(unsafe) public static var tuning: String? = nil
    nonisolated(unsafe) public static var threshold: Double = 0.45
    public static func explain(_ kb: KnowledgeBase, _ question: String, expected: String?) -> String {
        let terms = kb.queryTerms(question)
        var out = "Q: \(question)\n  terms: \(terms)\n"
        let ranked = kb.index.ranked(terms)
        for m in ranked.prefix(3) {
            out += "  \(kb.passages[m.document].title): score \(m.score) cov \(m.coverage) \(kb.index.explainTerms(terms, document: m.document))\n"
        }
        if let expected, let i = kb.passages.firstIndex(where: { $0.title == expected }), !ranked.prefix(3).contains(where: { $0.document == i }) {
            let m = ranked.first { $0.document == i }
            out += "  expected \(expected): score \(m?.score ?? 0) cov \(m?.coverage ?? 0) \(kb.index.explainTerms(terms, document: i))\n"
        }
        return out
    }
}
extension TermIndex {
    func explainTerms(_ terms: [String], document: Int) -> String {
        terms.map { t in
            let p = postingsFor(t).first { Int($0.document) == document }
            return "\(t)=" + (p.map { $0.frequency > 0 ? "x\($0.frequency)" : "r\($0.related)" } ?? "-") + "/idf\(String(format: "%.1f", postingsFor(t).isEmpty ? -1 : idf(t)))"
        }.joined(separator: " ")
    }
}
extension DebugExplain {
    public static func top(_ kb: KnowledgeBase, _ question: String) -> (title: String, score: Double, coverage: Double, matched: Double)? {
        let terms = kb.queryTerms(question)
        guard let m = kb.index.ranked(terms).first else { return nil }
        return (kb.passages[m.document].title, m.score, m.coverage, m.matched)
    }
}
