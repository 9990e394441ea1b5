/// WordNet's database files cannot be used; the message names the directory and the Debian
/// package that installs them.
public struct WordNetError: Error, CustomStringConvertible, Sendable {
    public var directory: String
    public var message: String

    public var description: String {
        "WordNet not usable at \(directory): \(message). Install the Debian package wordnet-base "
            + "(apt-get install --no-install-recommends wordnet-base, which `make` does) or point "
            + "\(WordNet.directoryVariable) at a WordNet 3.0 dict directory; until then the local model "
            + "matches the knowledge's own words only (no lemmas, no synonyms)."
    }
}
