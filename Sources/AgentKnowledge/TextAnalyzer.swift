/// Turns text into search terms: lower case, words split on punctuation (hyphenated words also
/// joined, so "Wi-Fi" matches "wifi"), stop words dropped, and a light suffix stemmer.
public enum TextAnalyzer {
    /// The terms of `text`, in order, with repeats.
    public static func terms(_ text: String) -> [String] {
        var terms: [String] = []
        let lowered = text.lowercased()
        // "401(k)" as one term. The search costs some 25,000 instructions even when nothing
        // matches, so it runs only on text that has a "(" at all.
        let normalized = lowered.utf8.contains(UInt8(ascii: "(")) ? lowered.replacing("401(k)", with: "401k") : lowered
        for chunk in normalized.split(whereSeparator: { $0.isWhitespace || separators.contains($0) }) {
            let parts = chunk.split(separator: "-").map(String.init).filter { !$0.isEmpty }
            for part in parts { append(part, to: &terms) }
            if parts.count > 1 { append(parts.joined(), to: &terms) }
        }
        return terms
    }

    /// Punctuation that ends a word (besides whitespace).
    private static let separators: Set<Character> = Set("/,;:.!?()[]{}\"'`*")

    private static func append(_ word: String, to terms: inout [String]) {
        let cleaned = String(word.filter { $0.isLetter || $0.isNumber || $0 == "$" })
        guard cleaned.count > 1 || cleaned.first?.isNumber == true, !stopWords.contains(cleaned) else { return }
        terms.append(stem(cleaned))
    }

    /// A light stemmer: plurals, -ing, -ed, -ly; enough to match "carry"/"carried", "days"/"day".
    public static func stem(_ word: String) -> String {
        if let synonym = synonyms[word] { return synonym }
        guard word.count > 3, word.allSatisfy(\.isLetter) else { return word }
        for (suffix, replacement) in rules where word.hasSuffix(suffix) && word.count - suffix.count >= 3 {
            let stem = String(word.dropLast(suffix.count)) + replacement
            return synonyms[stem] ?? stem
        }
        return word
    }

    private static let rules: [(String, String)] = [
        ("ies", "y"), ("ied", "y"), ("ers", ""), ("ing", ""), ("ness", ""), ("ed", ""), ("er", ""), ("ly", ""),
        ("es", ""), ("s", ""),
    ]

    private static let synonyms: [String: String] = [
        "vacation": "pto", "vacations": "pto", "holidays": "holiday", "paycheck": "payroll", "paychecks": "payroll",
        "payday": "payroll", "paid": "payroll", "pay": "payroll", "salary": "payroll", "internet": "wifi",
        "where": "location", "located": "location",
    ]

    /// Words too common to tell passages apart.
    public static let stopWords: Set<String> = [
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "do", "does", "did", "for", "from",
        "get", "got", "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or",
        "our", "so", "that", "the", "their", "them", "there", "these", "they", "this", "to", "up", "was", "we", "what",
        "when", "which", "who", "why", "will", "with", "would", "you", "your", "am", "any", "about", "should",
        "there's", "whats", "what's", "i'm", "im", "much", "many", "also", "all", "more", "some", "than", "then", "too",
        "very", "just", "need", "want", "know", "tell", "please", "hi", "hello", "there", "us", "let", "may", "might",
        "ok", "okay", "thanks", "thank", "anyone", "someone", "one", "s", "t", "don't", "dont", "after", "before",
        "other", "each", "every", "here", "go", "going", "make", "use", "used", "using", "been", "being", "were",
        "not", "no", "yes", "per", "via",
    ]
}
