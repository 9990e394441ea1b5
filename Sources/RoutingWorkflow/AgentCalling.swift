import A2AProtocol

/// How the routing activities reach agents: fetch a card, stream an answer. The A2A client
/// implements it; tests may point it at real agents on loopback.
public protocol AgentCalling: Sendable {
    /// Fetches the agent card served at `baseURL`.
    func fetchCard(baseURL: String) async throws -> AgentCard

    /// Sends `question` with A2A `messageId` `messageID` and streams the answer, calling
    /// `onChunk` for every piece as it arrives.
    /// - Throws: errors the engine can classify (see `RoutingErrors`).
    func streamAnswer(baseURL: String, question: String, messageID: String,
                      onChunk: @escaping @Sendable (String) -> Void) async throws -> AgentReply
}
