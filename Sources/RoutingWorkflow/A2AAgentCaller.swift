import A2AClient
import A2AProtocol
import Foundation
import HTTPClient

/// Calls agents with the A2A client over the long-timeout libcurl client: streams are bounded
/// by an idle timeout only, so a long answer is never cut while it keeps arriving.
///
/// An agent with several replicas is called at each in turn; a call goes on to the next replica
/// when one is down before it sent anything (connection refused, HTTP 5xx, timeout), with the
/// same `messageId`, so a replica that did get the message answers with the task it has.
public struct A2AAgentCaller: AgentCalling {
    let http: HTTPClient
    /// The bearer token to send to each agent, by its base URL.
    let bearerTokens: [String: String]
    let streamIdleTimeout: Duration
    let rotation: ReplicaRotation
    /// Cards fetched lately, so that a call does not fetch the card before each message.
    let cards = AgentCardCache()

    /// - Parameter replicaLists: the base URLs of each agent that has several replicas; a call to
    ///   any of them may go to any of them.
    public init(http: HTTPClient = .shared, bearerTokens: [String: String] = [:], streamIdleTimeout: Duration = .seconds(120),
                replicaLists: [[String]] = []) {
        self.http = http
        self.bearerTokens = bearerTokens
        self.streamIdleTimeout = streamIdleTimeout
        rotation = ReplicaRotation(replicaLists)
    }

    /// Fetches the card from the agent's replicas in turn until one answers.
    public func fetchCard(baseURL: String) async throws -> AgentCard {
        let order = rotation.order(for: baseURL, advancing: false)
        for url in order.dropLast() {
            do {
                return try await client(url).fetchCard()
            } catch let error where Self.isReplicaDown(error) {
                continue
            }
        }
        return try await client(order[order.count - 1]).fetchCard()
    }

    /// Sends `question` and streams the answer; `onChunk` gets the answer so far after each
    /// artifact chunk (a chunk that replaces the text rather than appending to it shows as such).
    /// A replica that is down before its first event is passed over for the next.
    public func streamAnswer(baseURL: String, question: String, messageID: String,
                             onChunk: @escaping @Sendable (String) -> Void) async throws -> AgentReply {
        let order = rotation.order(for: baseURL)
        for url in order.dropLast() {
            var sawEvent = false
            do {
                return try await streamAnswer(from: url, question: question, messageID: messageID, sawEvent: &sawEvent, onChunk: onChunk)
            } catch let error where !sawEvent && Self.isReplicaDown(error) {
                continue
            }
        }
        var sawEvent = false
        return try await streamAnswer(from: order[order.count - 1], question: question, messageID: messageID,
                                      sawEvent: &sawEvent, onChunk: onChunk)
    }

    /// True when `error` says the replica could not take the call at all, so another may.
    static func isReplicaDown(_ error: any Error) -> Bool {
        guard let error = error as? A2AClientError else { return false }
        switch error {
        case .transport(let transport):
            switch transport {
            case .connectFailed, .resolveFailed, .timedOut, .connectionLost: return true
            default: return false
            }
        case .httpStatus(let status, _, _):
            return status >= 500
        default:
            return false
        }
    }

    private func streamAnswer(from baseURL: String, question: String, messageID: String, sawEvent: inout Bool,
                              onChunk: @escaping @Sendable (String) -> Void) async throws -> AgentReply {
        let message = Message(messageId: messageID, role: .user, parts: [Part(.text(question))])
        var taskID = ""
        var text = ""
        var finalState: TaskState?
        var statusMessage = ""
        var agent = try client(baseURL)
        // The interface comes from a card fetched within the last second when there is one; else
        // the client fetches it, and a replica that is down fails there, as before.
        agent.knownCard = await cards.card(at: baseURL) { [agent] in try await agent.fetchCard() }
        for try await event in agent.stream(message) {
            sawEvent = true
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
