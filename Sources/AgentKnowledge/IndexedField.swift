/// A piece of a document to index, and how it counts.
struct IndexedField: Sendable {
    enum Kind: Sendable {
        /// A section heading: its words count twice, and so do their WordNet relations.
        case title
        /// Body text: its words count once.
        case body
        /// Evidence about the document, such as a skill example: counted only as a related word.
        case evidence
    }

    var text: String
    var kind: Kind
}
