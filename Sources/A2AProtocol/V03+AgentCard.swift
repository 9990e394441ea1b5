import Foundation

extension V03 {
    /// A 0.3 agent card: one main `url` with its `preferredTransport`, further endpoints in
    /// `additionalInterfaces`, and the card-wide `protocolVersion`. Only what a client needs to
    /// pick an endpoint and describe the agent is read.
    public struct AgentCard: Sendable, Hashable, Decodable {
        public struct Interface: Sendable, Hashable, Decodable {
            public var url: String
            public var transport: String
        }

        public struct Skill: Sendable, Hashable, Decodable {
            public var id: String
            public var name: String
            public var description: String?
            public var tags: [String]?
            public var examples: [String]?
        }

        public var name: String
        public var description: String?
        public var url: String
        public var preferredTransport: String?
        public var protocolVersion: String?
        public var additionalInterfaces: [Interface]?
        public var version: String?
        public var capabilities: A2AProtocol.AgentCard.Capabilities?
        public var defaultInputModes: [String]?
        public var defaultOutputModes: [String]?
        public var skills: [Skill]?

        /// The card in 1.0 terms: every endpoint becomes a supported interface marked with the
        /// card's 0.3 protocol version, the preferred one first.
        public func v10() -> A2AProtocol.AgentCard {
            let version = protocolVersion ?? "0.3.0"
            var interfaces = [A2AProtocol.AgentCard.Interface(url: url, protocolBinding: preferredTransport ?? "JSONRPC",
                                                             protocolVersion: version)]
            for extra in additionalInterfaces ?? [] where !(extra.url == url && extra.transport == interfaces[0].protocolBinding) {
                interfaces.append(.init(url: extra.url, protocolBinding: extra.transport, protocolVersion: version))
            }
            return A2AProtocol.AgentCard(
                name: name, description: description ?? "", supportedInterfaces: interfaces, version: self.version ?? "",
                capabilities: capabilities ?? .init(), defaultInputModes: defaultInputModes ?? ["text/plain"],
                defaultOutputModes: defaultOutputModes ?? ["text/plain"],
                skills: (skills ?? []).map {
                    .init(id: $0.id, name: $0.name, description: $0.description ?? "", tags: $0.tags ?? [], examples: $0.examples)
                })
        }
    }
}
