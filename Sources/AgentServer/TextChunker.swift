/// Turns an executor's text deltas into the chunks of one text artifact. Each delta is held
/// back until the next one arrives (or the output ends) so the last chunk can say `lastChunk`.
struct TextChunker {
    /// One chunk to emit.
    struct Chunk {
        var artifactId: String
        var text: String
        /// The first chunk replaces (no `append`); later ones append.
        var first: Bool
        var last: Bool
    }

    let artifactId: String
    private var held: String?
    private var first = true
    /// Whether any delta arrived.
    private(set) var sawText = false

    init(artifactId: String) {
        self.artifactId = artifactId
    }

    /// Takes `delta`, emitting the one held before it.
    mutating func add(_ delta: String, _ emit: (Chunk) -> Void) {
        sawText = true
        if let previous = held {
            emit(Chunk(artifactId: artifactId, text: previous, first: first, last: false))
            first = false
        }
        held = delta
    }

    /// Emits the held delta as the last chunk so far. Text after it (the executor reported a
    /// status between deltas) appends to the same artifact, and does not replace it.
    mutating func flush(_ emit: (Chunk) -> Void) {
        guard let last = held else { return }
        emit(Chunk(artifactId: artifactId, text: last, first: first, last: true))
        first = false
        held = nil
    }
}
