/// How hard the history store tries to reach the disk on each commit.
public enum Durability: String, Codable, Sendable, CaseIterable {
    /// fsync on every commit: a commit survives power loss and OS crashes. The default.
    case full
    /// Survives crashes of the process; the last commits may be lost if the machine loses power.
    case normal
}
