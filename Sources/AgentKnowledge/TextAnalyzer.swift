/// Splits text into words: lower case, split on punctuation (hyphenated words also joined, so
/// "Wi-Fi" matches "wifi"), stop words marked. Without WordNet, a light suffix stemmer makes the
/// terms (`TermAnalyzer` makes lemmas with it).
public enum TextAnalyzer {
    /// The terms of `text` without WordNet, in order, with repeats: words that are no stop words, stemmed.
    public static func terms(_ text: String) -> [String] {
        tokens(text).filter { !$0.isStop }.map { stem($0.word) }
    }

    /// The words of `text`, in order, lower case, each marked when it is a stop word. A
    /// hyphenated word gives its parts and then the parts joined.
    public static func tokens(_ text: String) -> [(word: String, isStop: Bool)] {
        var tokens: [(word: String, isStop: Bool)] = []
        let lowered = text.lowercased()
        // "401(k)" as one term. The search costs some 25,000 instructions even when nothing
        // matches, so it runs only on text that has a "(" at all.
        let normalized = lowered.utf8.contains(UInt8(ascii: "(")) ? lowered.replacing("401(k)", with: "401k") : lowered
        for chunk in normalized.split(whereSeparator: { $0.isWhitespace || separators.contains($0) }) {
            let parts = chunk.split(separator: "-").map(String.init).filter { !$0.isEmpty }
            for part in parts { append(part, to: &tokens) }
            if parts.count > 1 { append(parts.joined(), to: &tokens) }
        }
        return tokens
    }

    /// Punctuation that ends a word (besides whitespace).
    private static let separators: Set<Character> = Set("/,;:.!?()[]{}\"'`*")

    private static func append(_ word: String, to tokens: inout [(word: String, isStop: Bool)]) {
        let cleaned = String(word.filter { $0.isLetter || $0.isNumber || $0 == "$" })
        guard cleaned.count > 1 || cleaned.first?.isNumber == true else { return }
        tokens.append((cleaned, stopWords.contains(cleaned)))
    }

    /// A light stemmer, for when WordNet is missing: plurals, -ing, -ed, -ly; enough to match "carry"/"carried", "days"/"day".
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
        // Function words of the usual English stop lists, and the pieces the tokenizer cuts
        // contractions into ("don't" -> "don").
        "where", "whom", "whose", "while", "during", "until", "since", "again", "once", "only", "own", "same", "such",
        "both", "few", "most", "nor", "off", "out", "over", "under", "above", "below", "between", "through",
        "against", "down", "further", "he", "she", "her", "him", "his", "hers", "herself", "himself", "myself",
        "yourself", "ourselves", "themselves", "itself", "those", "had", "having", "doing", "because", "shall",
        "cannot", "somewhere", "something", "anything", "everything", "nothing", "anybody", "somebody", "everyone",
        "don", "didn", "doesn", "isn", "aren", "wasn", "weren", "won", "re", "ve", "ll", "couldn", "shouldn",
        "wouldn", "haven", "hasn",
    ]
}
