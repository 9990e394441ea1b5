import A2AClient
import A2AProtocol
import Foundation
import HTTPClient

/// Calls agents with the A2A client over the long-timeout libcurl client: streams are bounded
/// by an idle timeout only, so a long answer is never cut while it keeps arriving.
public struct A2AAgentCaller: AgentCalling {
    let http: HTTPClient
    /// The bearer token to send to each agent, by its base URL.
    let bearerTokens: [String: String]
    let streamIdleTimeout: Duration

    public init(http: HTTPClient = .shared, bearerTokens: [String: String] = [:], streamIdleTimeout: Duration = .seconds(120)) {
        self.http = http
        self.bearerTokens = bearerTokens
        self.streamIdleTimeout = streamIdleTimeout
    }

    public func fetchCard(baseURL: String) async throws -> AgentCard {
        try await client(baseURL).fetchCard()
    }

    /// Sends `question` and streams the answer; `onChunk` gets the answer so far after each
    /// artifact chunk (a chunk that replaces the text rather than appending to it shows as such).
    public func streamAnswer(baseURL: String, question: String, messageID: String,
                             onChunk: @escaping @Sendable (String) -> Void) async throws -> AgentReply {
        let message = Message(messageId: messageID, role: .user, parts: [Part(.text(question))])
        var taskID = ""
        var text = ""
        var finalState: TaskState?
        var statusMessage = ""
        for try await event in try client(baseURL).stream(message) {
            switch event {
            case .task(let task):
                taskID = task.id
                finalState = task.status.state
                // A task that was already finished (same messageId) arrives whole.
                if let artifacts = task.artifacts, text.isEmpty {
                    text = artifacts.flatMap(\.parts).compactMap(\.text).joined()
                }
            case .message(let reply):
                text += reply.text
                finalState = .completed
            case .artifactUpdate(let update):
                let piece = update.artifact.parts.compactMap(\.text).joined()
                text = update.append == true ? text + piece : piece
                onChunk(text)
            case .statusUpdate(let update):
                taskID = update.taskId
                finalState = update.status.state
                statusMessage = update.status.message?.text ?? statusMessage
            }
        }
        switch finalState {
        case .completed?:
            return AgentReply(taskID: taskID, text: text)
        case let state?:
            throw A2AClientError.taskEnded(state: state, message: statusMessage.isEmpty ? "no reason given" : statusMessage)
        case nil:
            throw A2AClientError.invalidResponse("the stream ended before the task did")
        }
    }

    private func client(_ baseURL: String) throws -> A2AClient {
        guard let url = URL(string: baseURL) else { throw A2AClientError.invalidResponse("bad agent URL \(baseURL)") }
        return A2AClient(baseURL: url, httpClient: http, bearerToken: bearerTokens[baseURL], streamIdleTimeout: streamIdleTimeout)
    }
}
