/// An answer of the local model.
public struct LocalAnswer: Sendable, Equatable {
    public var text: String
    /// False when the knowledge does not cover the question (the text then says so).
    public var isKnown: Bool
    /// The sections the answer came from.
    public var sources: [String]
}
