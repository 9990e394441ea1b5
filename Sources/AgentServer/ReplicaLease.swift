import Foundation
import RandomID

/// This replica's name on a shared tasks database and how long its claim on a task lasts
/// without renewal.
struct ReplicaLease: Sendable {
    /// Unique per process start: the pid (for people reading the file) and a random part.
    let owner = "\(getpid())-\(RandomID.uuid().prefix(8))"
    let duration: TimeInterval

    /// The end of a lease taken or renewed at `now` (microseconds).
    func until(_ now: Int64) -> Int64 { now + Int64(duration * 1_000_000) }

    /// How often the lease is renewed: three times per lease, so a busy moment does not lose it.
    var renewalMicros: Int64 { Int64(duration * 1_000_000 / 3) }
}
