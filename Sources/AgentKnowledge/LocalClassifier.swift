import Foundation

/// The offline router: scores a question against every agent's description, skills, tags,
/// examples and knowledge sections (one BM25 index over all of them) and picks the best agent.
public struct LocalClassifier: Sendable {
    private let index: BM25Index
    private let owners: [String]
    private let agentIDs: [String]

    /// Builds the index from every agent in `catalog`.
    /// - Throws: `AgentDefinitionError` when a knowledge file is missing.
    public init(catalog: AgentCatalog) throws {
        var documents: [[String]] = []
        var owners: [String] = []
        for agent in catalog.agents {
            documents.append(TextAnalyzer.terms(agent.name + " " + agent.description))
            owners.append(agent.id)
            for skill in agent.skills {
                let text = ([skill.name, skill.description] + skill.tags + skill.examples).joined(separator: " ")
                documents.append(TextAnalyzer.terms(text))
                owners.append(agent.id)
            }
            let knowledge = try KnowledgeBase(definition: agent, agentsDirectory: catalog.directory)
            for passage in knowledge.passages {
                documents.append(KnowledgeBase.terms(of: passage))
                owners.append(agent.id)
            }
        }
        index = BM25Index(documents: documents)
        self.owners = owners
        agentIDs = catalog.agents.map(\.id)
    }

    /// Picks the agent whose best two documents match `question` best. Ties go to the first id.
    public func classify(_ question: String) -> Classification {
        let terms = TextAnalyzer.terms(question)
        var perAgent: [String: [Double]] = [:]
        for (offset, score) in index.scores(terms).enumerated() where score > 0 {
            perAgent[owners[offset], default: []].append(score)
        }
        var scores: [String: Double] = [:]
        for id in agentIDs {
            let top = (perAgent[id] ?? []).sorted(by: >).prefix(2)
            scores[id] = (top.first ?? 0) + 0.5 * (top.dropFirst().first ?? 0)
        }
        let ranked = agentIDs.sorted { (scores[$0] ?? 0) != (scores[$1] ?? 0) ? (scores[$0] ?? 0) > (scores[$1] ?? 0) : $0 < $1 }
        let best = scores[ranked[0]] ?? 0
        let second = ranked.count > 1 ? (scores[ranked[1]] ?? 0) : 0
        let confidence = best > 0 ? (best - second) / best : 0
        return Classification(agentID: ranked[0], confidence: confidence, scores: scores)
    }

    /// Reads an agent id out of a language model's answer: "hr", "HR", "Agent: FAQ.", "`faq`",
    /// "hr_agent", or JSON such as {"agent": "hr"}. Nil when it names no known id, or several.
    public static func parseLabel(_ output: String, knownIDs: [String]) -> String? {
        let known = Set(knownIDs.map { $0.lowercased() })
        var text = output.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        if let data = text.data(using: .utf8),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
            for key in ["agent", "agent_id", "id", "label", "route"] {
                if let value = object[key] as? String { text = value.lowercased() }
            }
        }
        let trimmed = text.trimmingCharacters(in: CharacterSet.alphanumerics.inverted)
        if known.contains(trimmed) { return trimmed }
        let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "-") }).map(String.init)
        var found: [String] = []
        for word in words where known.contains(word) && !found.contains(word) { found.append(word) }
        return found.count == 1 ? found[0] : nil
    }
}
