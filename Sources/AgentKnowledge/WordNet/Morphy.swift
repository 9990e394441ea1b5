/// WordNet's morphology ("morphy"): an inflected word's base forms come from the exception
/// lists (`noun.exc`: "geese goose") or from detaching a regular ending, and a candidate counts
/// only if the lexicon knows it. These are the detachment rules of WordNet's morphy(7WN).
enum Morphy {
    /// The endings detached for each part of speech, and what replaces them.
    static let detachments: [(pos: WordNet.PartOfSpeech, suffix: String, ending: String)] = [
        (.noun, "s", ""), (.noun, "ses", "s"), (.noun, "xes", "x"), (.noun, "zes", "z"), (.noun, "ches", "ch"),
        (.noun, "shes", "sh"), (.noun, "men", "man"), (.noun, "ies", "y"),
        (.verb, "s", ""), (.verb, "ies", "y"), (.verb, "es", "e"), (.verb, "es", ""), (.verb, "ed", "e"),
        (.verb, "ed", ""), (.verb, "ing", "e"), (.verb, "ing", ""),
        (.adj, "er", ""), (.adj, "est", ""), (.adj, "er", "e"), (.adj, "est", "e"),
    ]

    /// Every candidate base form of `word` by detachment, with its part of speech, in rule order.
    static func detachedCandidates(of word: String) -> [(pos: WordNet.PartOfSpeech, base: String)] {
        var candidates: [(pos: WordNet.PartOfSpeech, base: String)] = []
        for rule in detachments where word.hasSuffix(rule.suffix) && word.count > rule.suffix.count + 1 {
            candidates.append((rule.pos, String(word.dropLast(rule.suffix.count)) + rule.ending))
        }
        return candidates
    }
}

extension WordNet {
    /// The lemma of `word` (lower case), as `lemmas(of:)` ranks them: "paid" -> "pay", "geese" -> "goose".
    public func lemma(of word: String) -> String { lemmas(of: word)[0] }

    /// The base forms of `word` (lower case) that WordNet knows, the lemma first. As WordNet's
    /// own lemmatizer does, nouns come first: the lemma is a noun base form if there is one
    /// ("meetings" -> "meeting", "hours" -> "hour"), else a verb's ("paid" -> "pay"), then an
    /// adjective's or adverb's; within a part of speech the form with more tagged senses wins,
    /// and the word itself wins a tie. A word WordNet does not know gives itself alone.
    func lemmas(of word: String) -> [String] {
        var forms: [(base: String, pos: Int, tagged: Int)] = []
        func consider(_ base: String, _ pos: Int, _ entry: IndexEntry) {
            if let index = forms.firstIndex(where: { $0.base == base }) {
                if pos < forms[index].pos { forms[index].pos = pos; forms[index].tagged = entry.taggedSenseCount }
            } else {
                forms.append((base, pos, entry.taggedSenseCount))
            }
        }
        for (rank, pos) in PartOfSpeech.allCases.enumerated() {
            if let entry = entry(word, pos) { consider(word, rank, entry) }
            for base in exceptionBases(of: word, pos) { if let entry = entry(base, pos) { consider(base, rank, entry) } }
        }
        for candidate in Morphy.detachedCandidates(of: word) where candidate.base != word {
            if let entry = entry(candidate.base, candidate.pos),
               let rank = PartOfSpeech.allCases.firstIndex(of: candidate.pos) {
                consider(candidate.base, rank, entry)
            }
        }
        guard !forms.isEmpty else { return [word] }
        let ranked = forms.enumerated().sorted { a, b in
            if a.element.pos != b.element.pos { return a.element.pos < b.element.pos }
            if a.element.tagged != b.element.tagged { return a.element.tagged > b.element.tagged }
            if (a.element.base == word) != (b.element.base == word) { return a.element.base == word }
            return a.offset < b.offset
        }
        return ranked.map(\.element.base)
    }

    /// Every irregular form in the exception lists whose base form `keep` accepts, with its bases.
    func exceptionForms(keeping keep: (String) -> Bool) -> [String: [String]] {
        var forms: [String: [String]] = [:]
        for pos in PartOfSpeech.allCases {
            exceptionList(pos)?.forEachLine { line in
                let fields = line.split(separator: 0x20).map { String(decoding: $0, as: UTF8.self) }
                guard fields.count > 1 else { return }
                let bases = fields.dropFirst().filter(keep)
                if !bases.isEmpty { forms[fields[0], default: []] += bases }
            }
        }
        return forms
    }
}
