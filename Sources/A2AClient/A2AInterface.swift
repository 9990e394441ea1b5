import A2AProtocol
import Foundation

/// The JSON-RPC endpoint a client talks to, and the protocol version it speaks there.
public struct A2AInterface: Sendable, Equatable {
    public var url: URL
    /// "1.0" or "0.3".
    public var version: String

    public var isV03: Bool { A2AVersion.isV03(version) }

    /// Picks the first JSON-RPC 1.x interface of the card; else its first 0.3 one; else `/` on
    /// the agent's base URL with 1.0.
    public static func choose(from card: AgentCard, baseURL: URL) throws -> A2AInterface {
        let jsonRPC = card.supportedInterfaces.filter { $0.protocolBinding.uppercased() == "JSONRPC" }
        if let modern = jsonRPC.first(where: { A2AVersion.isV1($0.protocolVersion ?? A2AVersion.current) }),
           let url = URL(string: modern.url) {
            return A2AInterface(url: url, version: A2AVersion.current)
        }
        if let legacy = jsonRPC.first(where: { A2AVersion.isV03($0.protocolVersion ?? "") }), let url = URL(string: legacy.url) {
            return A2AInterface(url: url, version: "0.3")
        }
        if jsonRPC.isEmpty, !card.supportedInterfaces.isEmpty {
            throw A2AClientError.invalidResponse("the agent offers no JSON-RPC interface (only \(card.supportedInterfaces.map(\.protocolBinding)))")
        }
        return A2AInterface(url: baseURL.appendingPathComponent(""), version: A2AVersion.current)
    }
}
