/// Where a reader of a run's live output is (`WorkflowClient.liveOutput`): how far it read, and
/// from where. A reader keeps to the source its first read chose, this process's memory or the
/// run's file, so that its offset always counts the same bytes.
public struct LiveOutputCursor: Sendable, Equatable {
    /// The bytes of whole records read so far.
    var offset = 0
    /// nil until the first read chose.
    var source: Source?

    enum Source: Sendable { case memory, file }

    /// A cursor at the start of a run's live output.
    public init() {}
}
