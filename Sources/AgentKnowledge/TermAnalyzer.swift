/// Turns text into index terms: WordNet lemmas ("paid" -> "pay", "rooms" -> "room") and the
/// collocations WordNet lists ("time off" -> "time_off"), stop words left out. Documents are
/// analysed with WordNet while an index is built; a query later needs no WordNet: its words
/// are looked up among the documents' words, or reduced by WordNet's exception lists and
/// detachment rules (morphy) to a lemma the index holds. Without WordNet, terms are the words
/// with a light suffix stemmer (`TextAnalyzer.stem`).
struct TermAnalyzer: Sendable {
    /// The lemma of every word seen in the documents.
    private let surfaceLemmas: [String: String]
    /// Irregular forms whose base form the index holds ("went" -> "go").
    private let exceptionForms: [String: String]
    /// False when WordNet was missing and terms are stems.
    let usesWordNet: Bool

    /// The terms of a query, in order, with repeats, for an index that holds the terms
    /// `vocabulary` accepts.
    func terms(_ text: String, vocabulary: (String) -> Bool) -> [String] {
        Self.analyze(text, lemma: { lemma($0, vocabulary: vocabulary) }, isCollocation: vocabulary)
    }

    private func lemma(_ word: String, vocabulary: (String) -> Bool) -> String {
        guard usesWordNet else { return TextAnalyzer.stem(word) }
        if let known = surfaceLemmas[word] ?? exceptionForms[word] { return known }
        for candidate in Morphy.detachedCandidates(of: word) where candidate.base != word && vocabulary(candidate.base) {
            return candidate.base
        }
        return word
    }

    /// Words to terms: each word that is no stop word gives its lemma, and two neighbouring
    /// words (not both stop words) give their collocation when `isCollocation` accepts it.
    static func analyze(_ text: String, lemma: (String) -> String, isCollocation: (String) -> Bool) -> [String] {
        let tokens = TextAnalyzer.tokens(text)
        var terms: [String] = []
        var previous: (word: String, lemma: String, isStop: Bool)?
        for token in tokens {
            let current = (word: token.word, lemma: token.isStop ? token.word : lemma(token.word), isStop: token.isStop)
            if !current.isStop { terms.append(current.lemma) }
            if let previous, !(previous.isStop && current.isStop) {
                for key in [previous.lemma + "_" + current.lemma, previous.word + "_" + current.word] where isCollocation(key) {
                    terms.append(key)
                    break
                }
            }
            previous = current
        }
        return terms
    }

    /// Analyses documents with WordNet and remembers what a query will need.
    struct Builder {
        let wordNet: WordNet?
        private var surfaceLemmas: [String: String] = [:]
        /// For each lemma, the other base forms of the words it was made from ("meet" from
        /// "meeting", which is also a noun of its own), to expand them too.
        private(set) var alternatives: [String: Set<String>] = [:]

        init(wordNet: WordNet?) { self.wordNet = wordNet }

        /// The terms of a document's text.
        mutating func terms(_ text: String) -> [String] {
            guard let wordNet else { return Self.stemmed(text) }
            var lemmas = surfaceLemmas, alternatives = self.alternatives
            defer { surfaceLemmas = lemmas; self.alternatives = alternatives }
            return TermAnalyzer.analyze(text, lemma: { word in
                if let known = lemmas[word] { return known }
                let forms = wordNet.lemmas(of: word)
                lemmas[word] = forms[0]
                if forms.count > 1 { alternatives[forms[0], default: []].formUnion(forms.dropFirst()) }
                return forms[0]
            }, isCollocation: { wordNet.entry($0, .noun) != nil || wordNet.entry($0, .verb) != nil })
        }

        /// The analyzer for queries against an index that holds the terms `vocabulary` accepts.
        func finish(vocabulary: (String) -> Bool) -> TermAnalyzer {
            let exceptions = wordNet?.exceptionForms(keeping: vocabulary).compactMapValues(\.first) ?? [:]
            return TermAnalyzer(surfaceLemmas: surfaceLemmas, exceptionForms: exceptions,
                                usesWordNet: wordNet != nil)
        }

        static func stemmed(_ text: String) -> [String] {
            TermAnalyzer.analyze(text, lemma: TextAnalyzer.stem, isCollocation: { _ in false })
        }
    }
}
