/// Lets the transaction that schedules activities claim them at once for the worker that
/// committed it (Temporal's eager activity dispatch): no poll, no separate claim transaction.
struct EagerDispatch: Sendable {
    let owner: String
    /// The activities this worker runs.
    let activities: ActivityRegistry
    /// How many more activities the worker has room for.
    var capacity: Int
    /// Lease length in seconds.
    let lease: Double
}
