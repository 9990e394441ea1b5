/// A piece of a document to index, and how it counts.
struct IndexedField: Sendable {
    enum Kind: Sendable {
        /// A section heading: its words count twice, and their WordNet relations in full.
        case title
        /// Body text: its words count once, and their relations somewhat less.
        case body
    }

    var text: String
    var kind: Kind
}
