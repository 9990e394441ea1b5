import Foundation

/// The WordNet 3.0 database read from its files (`index.*`, `data.*`, `*.exc`, as Debian's
/// `wordnet-base` installs them under `/usr/share/wordnet`). The files are mapped while a value
/// lives and searched in place; the local model opens it while it builds its indexes and lets
/// it go afterwards, so an idle agent keeps none of it.
public struct WordNet: Sendable {
    /// The environment variable that overrides the directory.
    public static let directoryVariable = "SWITCHBOARD_WORDNET_DIR"
    /// Where Debian's `wordnet-base` puts the database.
    public static let defaultDirectory = "/usr/share/wordnet"

    /// A part of speech, as the file names spell it.
    public enum PartOfSpeech: String, CaseIterable, Sendable {
        case noun, verb, adj, adv
    }

    public let directory: String
    private let indexes: [PartOfSpeech: SortedLineFile]
    private let data: [PartOfSpeech: SortedLineFile]
    private let exceptions: [PartOfSpeech: SortedLineFile]

    /// Opens the database in `directory`.
    /// - Throws: `WordNetError` naming the directory and the first file missing.
    public init(directory: String) throws {
        self.directory = directory
        var indexes: [PartOfSpeech: SortedLineFile] = [:], data: [PartOfSpeech: SortedLineFile] = [:]
        var exceptions: [PartOfSpeech: SortedLineFile] = [:]
        for pos in PartOfSpeech.allCases {
            for (name, kind) in [("index", 0), ("data", 1), ("exc", 2)] {
                let path = directory + "/" + (kind == 2 ? "\(pos.rawValue).exc" : "\(name).\(pos.rawValue)")
                let file: SortedLineFile
                do { file = try SortedLineFile(path: path) } catch {
                    throw WordNetError(directory: directory, message: "\(path) cannot be read")
                }
                switch kind {
                case 0: indexes[pos] = file
                case 1: data[pos] = file
                default: exceptions[pos] = file
                }
            }
        }
        self.indexes = indexes
        self.data = data
        self.exceptions = exceptions
    }

    /// Opens the database in `SWITCHBOARD_WORDNET_DIR`, else `/usr/share/wordnet`.
    /// - Throws: `WordNetError` when it is not there.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> WordNet {
        let explicit = environment[directoryVariable].flatMap { $0.isEmpty ? nil : $0 }
        return try WordNet(directory: explicit ?? defaultDirectory)
    }

    /// The index entry of `lemma` (lower case, words joined by `_`) as `pos`, if WordNet has it.
    func entry(_ lemma: String, _ pos: PartOfSpeech) -> IndexEntry? {
        guard let line = indexes[pos]?.line(forKey: lemma) else { return nil }
        return IndexEntry(line: line)
    }

    /// The base forms an irregular inflection lists in `pos.exc` ("paid" gives "pay").
    func exceptionBases(of word: String, _ pos: PartOfSpeech) -> [String] {
        guard let line = exceptions[pos]?.line(forKey: word) else { return [] }
        return line.split(separator: " ").dropFirst().map(String.init)
    }

    /// The exception list of `pos`, to walk line by line.
    func exceptionList(_ pos: PartOfSpeech) -> SortedLineFile? { exceptions[pos] }

    /// The words of the synset at byte `offset` of `data.pos`.
    func synsetWords(at offset: Int, _ pos: PartOfSpeech) -> [String] {
        data[pos]?.line(at: offset).flatMap(Synset.words(of:)) ?? []
    }

    /// How often each lemma was tagged in WordNet's corpus (`cntlist.rev`, all senses added),
    /// for the lemmas tagged at least `minimum` times; empty when the file is missing. The file
    /// is sorted by sense key (`lemma%...`), so a lemma's lines are next to each other.
    func usageCounts(minimum: Int) -> [String: Int] {
        guard let file = try? SortedLineFile(path: directory + "/cntlist.rev") else { return [:] }
        var counts: [String: Int] = [:]
        var lemma: [UInt8] = [], sum = 0
        func flush() {
            if sum >= minimum, !lemma.isEmpty { counts[String(decoding: lemma, as: UTF8.self)] = sum }
        }
        file.forEachLine { line in
            guard let percent = line.firstIndex(of: UInt8(ascii: "%")), let space = line.lastIndex(of: 0x20) else { return }
            var count = 0
            for byte in line[(space + 1)...] where byte >= 0x30 && byte <= 0x39 { count = count * 10 + Int(byte - 0x30) }
            if !line[..<percent].elementsEqual(lemma) {
                flush()
                lemma = Array(line[..<percent])
                sum = 0
            }
            sum += count
        }
        flush()
        return counts
    }

    /// The synset at byte `offset` of `data.pos`.
    func synset(at offset: Int, _ pos: PartOfSpeech) -> Synset? {
        guard let line = data[pos]?.line(at: offset) else { return nil }
        return Synset(line: line)
    }
}
