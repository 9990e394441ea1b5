extension WordNet {
    /// How much a related word counts against the word itself (1), and how far expansion reaches.
    public struct ExpansionWeights: Sendable, Equatable {
        /// Another word of one of the lemma's synsets ("reserve" for "book").
        public var synonym = 0.7
        /// A derivationally related form of the lemma itself ("reimburse" for "reimbursement").
        public var derivation = 0.9
        /// A word of a synset one step more general ("leave" for "bereavement leave").
        public var hypernym = 0.4
        /// A word of a synset one step more specific ("grandmother" for "grandparent").
        public var hyponym = 0.4
        /// Only the lemma's most frequent senses of each part of speech are followed.
        public var senses = 3
        /// A sense with more hyponym synsets than this is too general for its hyponyms to help.
        public var maximumHyponyms = 25

        public init() {}
    }

    /// The words WordNet relates to `lemma`, each with its weight (the highest of its relations).
    /// The lemma itself is not among them.
    public func related(to lemma: String, weights: ExpansionWeights = .init()) -> [String: Double] {
        var related: [String: Double] = [:]
        func add(_ word: String, _ weight: Double) {
            if word != lemma, weight > related[word] ?? 0 { related[word] = weight }
        }
        for pos in PartOfSpeech.allCases {
            guard let entry = entry(lemma, pos) else { continue }
            for offset in entry.synsetOffsets.prefix(weights.senses) {
                guard let synset = synset(at: offset, pos) else { continue }
                for word in synset.words { add(word, weights.synonym) }
                let own = (synset.words.firstIndex(of: lemma) ?? -1) + 1
                let hyponyms = synset.pointers.filter { $0.symbol == "~" || $0.symbol == "~i" }
                for pointer in synset.pointers {
                    switch pointer.symbol {
                    case "+", "\\", "<":
                        guard pointer.sourceWord == own else { continue }
                        let target = synsetWords(at: pointer.offset, pointer.pos)
                        if pointer.targetWord > 0, pointer.targetWord <= target.count {
                            add(target[pointer.targetWord - 1], weights.derivation)
                        }
                    case "@", "@i":
                        for word in synsetWords(at: pointer.offset, pointer.pos) { add(word, weights.hypernym) }
                    case "~", "~i":
                        guard hyponyms.count <= weights.maximumHyponyms else { continue }
                        for word in synsetWords(at: pointer.offset, pointer.pos) { add(word, weights.hyponym) }
                    default: continue
                    }
                }
            }
        }
        return related
    }
}
