/// A line of a WordNet `data.*` file: a set of synonyms and its pointers to other synsets.
struct Synset: Sendable {
    /// One pointer: its symbol (`@` hypernym, `~` hyponym, `+` derivation, ...), its target,
    /// and for a lexical pointer the source and target word numbers (1-based; 0 for the whole synset).
    struct Pointer: Sendable {
        var symbol: Substring
        var offset: Int
        var pos: WordNet.PartOfSpeech
        var sourceWord: Int
        var targetWord: Int
    }

    /// The synset's words, lower case, with `_` between the words of a collocation.
    var words: [String]
    var pointers: [Pointer]

    /// Parses `offset lex_filenum ss_type w_cnt (word lex_id)... p_cnt (symbol offset pos st)... | gloss`.
    init?(line: Substring) {
        let fields = Self.fields(of: line, maxSplits: Int.max)
        guard let words = Self.words(fields) else { return nil }
        var index = 4 + 2 * words.count
        guard index < fields.count, let pointerCount = Int(fields[index]) else { return nil }
        index += 1
        var pointers: [Pointer] = []
        for _ in 0..<pointerCount where index + 3 < fields.count {
            let sourceTarget = fields[index + 3]
            if let offset = Int(fields[index + 1]), let pos = WordNet.PartOfSpeech(letter: fields[index + 2]),
               let source = Int(sourceTarget.prefix(2), radix: 16), let target = Int(sourceTarget.dropFirst(2), radix: 16) {
                pointers.append(Pointer(symbol: fields[index], offset: offset, pos: pos, sourceWord: source, targetWord: target))
            }
            index += 4
        }
        self.words = words
        self.pointers = pointers
    }

    /// Only the words of a synset line, which is all a related synset is read for.
    static func words(of line: Substring) -> [String]? {
        words(fields(of: line, maxSplits: 80))
    }

    /// The space-separated fields before the gloss, split on bytes rather than characters.
    private static func fields(of line: Substring, maxSplits: Int) -> [Substring] {
        let bar = line.utf8.firstIndex(of: UInt8(ascii: "|")) ?? line.utf8.endIndex
        return line.utf8[..<bar].split(separator: 0x20, maxSplits: maxSplits).map { Substring($0) }
    }

    private static func words(_ fields: [Substring]) -> [String]? {
        guard fields.count > 4, let wordCount = Int(fields[3], radix: 16), fields.count >= 4 + 2 * wordCount else { return nil }
        // Adjectives may carry a syntactic marker: "galore(ip)".
        return (0..<wordCount).map { index in
            let word = fields[4 + 2 * index]
            let lowered = word.utf8.prefix { $0 != UInt8(ascii: "(") }.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
            return String(decoding: lowered, as: UTF8.self)
        }
    }
}

extension WordNet.PartOfSpeech {
    /// The one-letter code of the data files (`n`, `v`, `a` or `s` for a satellite adjective, `r`).
    init?(letter: Substring) {
        switch letter {
        case "n": self = .noun
        case "v": self = .verb
        case "a", "s": self = .adj
        case "r": self = .adv
        default: return nil
        }
    }
}
