/// Follows the changes of one workflow, for code that reports on a run while it goes (progress
/// lines, a streamed answer): take a `stamp`, read the run, then `wait(after:)` that stamp.
/// The wait returns as soon as anything of the workflow was committed or published in this
/// process, or committed by another process on the file, and a change between the read and
/// the wait makes it return at once.
///
/// ```swift
/// let watch = client.watch(workflowID: id)
/// while true {
///     let stamp = watch.stamp
///     if try report(client.describe(workflowID: id)) { break }
///     await watch.wait(after: stamp, poll: .milliseconds(100))
/// }
/// ```
public final class RunWatch: Sendable {
    public let workflowID: String
    /// Held so that the store's wake-ups from other processes last as long as the watch.
    private let store: WorkflowStore
    /// True when other processes' commits wake the watch (see `CrossProcessWakeup`); when
    /// false, their changes are seen only by polling.
    public let seesOtherProcesses: Bool
    /// How long a wait lasts without a change when every change wakes it: the safety net.
    public static let safetyNet: Duration = .seconds(1)

    init(workflowID: String, store: WorkflowStore) {
        self.workflowID = workflowID
        self.store = store
        seesOtherProcesses = store.watchOtherProcesses()
        store.runChanges.beginWatching(workflowID)
    }

    deinit {
        store.runChanges.endWatching(workflowID)
    }

    /// The changes seen so far; take it before reading the run.
    public var stamp: UInt64 { store.runChanges.stamp(.workflow(workflowID)) }

    /// Returns when the workflow changed after `stamp` (its live output counts only with
    /// `liveOutput`), or after `poll` when a change may come
    /// unannounced, else after `safetyNet`. Unannounced are other processes' commits when they
    /// cannot wake this watch, and, with `liveOutput`, the live output of the workflow's
    /// activities unless an attempt of theirs runs in this process: publishing does not wake
    /// other processes (only commits do), so that a streamed answer does not wake every worker
    /// on the file for each chunk.
    public func wait(after stamp: UInt64, poll: Duration, liveOutput: Bool = false) async {
        let unannounced = !seesOtherProcesses || (liveOutput && !store.attemptsHere.contains(workflowID))
        await store.runChanges.wait(.workflow(workflowID), after: stamp, timeout: unannounced ? poll : max(poll, Self.safetyNet),
                                    liveOutput: liveOutput)
    }
}
