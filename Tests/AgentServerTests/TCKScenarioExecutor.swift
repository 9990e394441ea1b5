import A2AProtocol
import AgentServer
import Foundation

/// The A2A TCK's system-under-test contract (a2a-tck `scenarios/*.feature`): the behaviour is
/// chosen by the message id's prefix. Used only to run the TCK against this server.
struct TCKScenarioExecutor: AgentTaskExecutor {
    func run(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<AgentTaskEvent, any Error> {
        let id = context.message.messageId
        func artifact(_ part: Part, name: String = "result") -> AgentTaskEvent {
            .artifact(Artifact(artifactId: UUID().uuidString.lowercased(), name: name, parts: [part]))
        }
        return AsyncThrowingStream { continuation in
            let task = Task {
                if id.hasPrefix("tck-complete-task") {
                    continuation.yield(.finish(.completed, message: "Hello from TCK"))
                } else if id.hasPrefix("tck-artifact-text") || id.hasPrefix("tck-stream-artifact-text")
                    || id.hasPrefix("tck-stream-001") || id.hasPrefix("tck-stream-003")
                    || id.hasPrefix("tck-stream-ordering-001") {
                    continuation.yield(artifact(.text("Generated text content")))
                } else if id.hasPrefix("tck-artifact-file-url") {
                    continuation.yield(artifact(Part(.url("https://example.com/output.txt"), mediaType: "text/plain",
                                                     filename: "output.txt")))
                } else if id.hasPrefix("tck-artifact-file") || id.hasPrefix("tck-stream-artifact-file") {
                    continuation.yield(artifact(Part(.raw(Data("file content".utf8)), mediaType: "text/plain",
                                                     filename: "output.txt")))
                } else if id.hasPrefix("tck-artifact-data") {
                    continuation.yield(artifact(Part(.data(["key": "value", "count": 42]))))
                } else if id.hasPrefix("tck-stream-artifact-chunked") {
                    let artifactId = UUID().uuidString.lowercased()
                    continuation.yield(.artifact(Artifact(artifactId: artifactId, parts: [.text("chunk-1 ")]),
                                                 append: false, lastChunk: false))
                    continuation.yield(.artifact(Artifact(artifactId: artifactId, parts: [.text("chunk-2")]),
                                                 append: true, lastChunk: true))
                } else if id.hasPrefix("tck-message-response") {
                    continuation.yield(.reply("Direct message response"))
                } else if id.hasPrefix("tck-input-required") {
                    continuation.yield(.finish(.inputRequired, message: "Please provide more input."))
                } else if id.hasPrefix("tck-reject-task") {
                    continuation.yield(.finish(.rejected, message: "rejected"))
                } else if id.hasPrefix("test-resubscribe-message-id") {
                    try? await Task.sleep(for: .seconds(5))  // the TCK needs a task that stays working
                } else if !id.hasPrefix("tck-stream-002") {
                    continuation.yield(.text("ok"))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }
}
