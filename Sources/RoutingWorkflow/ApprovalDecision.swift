/// What a human decided about a drafted answer at the approval gate.
public struct ApprovalDecision: Codable, Sendable, Equatable {
    /// The outcome of the gate.
    public enum Outcome: String, Codable, Sendable {
        case approved, rejected, timedOut = "timed_out"
    }

    public var outcome: Outcome
    /// The optional note sent with the signal.
    public var note: String?

    public init(outcome: Outcome, note: String? = nil) {
        self.outcome = outcome
        self.note = note
    }

    /// A one-line description, e.g. `approved: looks right`.
    public var summary: String {
        let word = outcome == .timedOut ? "not approved: the approval wait timed out" : outcome.rawValue
        if let note, !note.isEmpty { return "\(word): \(note)" }
        return word
    }
}
