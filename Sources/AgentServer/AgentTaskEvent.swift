import A2AProtocol

/// What a task executor reports while it works.
public enum AgentTaskEvent: Sendable {
    /// A piece of the answer text, streamed as chunks of one text artifact.
    case text(String)
    /// A whole artifact, or a chunk of one (`append` adds to the artifact with the same id).
    case artifact(Artifact, append: Bool = false, lastChunk: Bool = true)
    /// Answers with a message instead of a task result: the send returns `{"message":…}` and
    /// the stream carries this message last.
    case reply(String)
    /// Ends the run in `state` (completed, input-required, rejected, failed, ...) with an
    /// optional agent message in the status.
    case finish(TaskState, message: String? = nil)
}
