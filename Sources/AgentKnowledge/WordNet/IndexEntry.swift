/// A line of a WordNet `index.*` file: a lemma's senses, most frequent first.
struct IndexEntry: Sendable {
    /// The byte offsets of the lemma's synsets in the matching `data.*` file, by sense number.
    var synsetOffsets: [Int]
    /// How many of its senses were seen in WordNet's tagged corpus (a rough frequency).
    var taggedSenseCount: Int

    /// Parses `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...`.
    init?(line: Substring) {
        let fields = line.utf8.split(separator: 0x20).map { Substring($0) }
        guard fields.count >= 6, let synsetCount = Int(fields[2]), let pointerCount = Int(fields[3]) else { return nil }
        let tagged = 4 + pointerCount + 1
        guard fields.count >= tagged + 1 + synsetCount, let taggedCount = Int(fields[tagged]) else { return nil }
        taggedSenseCount = taggedCount
        synsetOffsets = fields[(tagged + 1)..<(tagged + 1 + synsetCount)].compactMap { Int($0) }
    }
}
