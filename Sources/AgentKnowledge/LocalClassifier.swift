import Foundation

/// The offline router: one index (the same lemmas and WordNet relations as the answerer's)
/// over every agent's knowledge sections and its profile (name, description, and each skill's
/// name, description, tags and examples). A section that clearly answers the question for one
/// agent only decides; otherwise the best section and the profile add up, and the best agent wins.
public struct LocalClassifier: Sendable {
    /// What a profile match adds to the agent's best section score.
    static let profileWeight = 0.5

    private let index: TermIndex
    /// For each document: its agent, and whether it is a knowledge section (else a profile).
    private let owners: [(agent: String, isPassage: Bool)]
    private let agentIDs: [String]

    /// Builds the index from every agent in `catalog`, with WordNet as `WordNet.forLocalModel()` finds it.
    /// - Throws: `AgentDefinitionError` when a knowledge file is missing.
    public init(catalog: AgentCatalog) throws {
        try self.init(catalog: catalog, wordNet: WordNet.forLocalModel())
    }

    /// Builds the index from every agent in `catalog`, with `wordNet` (nil: words only).
    /// - Throws: `AgentDefinitionError` when a knowledge file is missing.
    public init(catalog: AgentCatalog, wordNet: WordNet?) throws {
        var documents: [[IndexedField]] = []
        var owners: [(agent: String, isPassage: Bool)] = []
        for agent in catalog.agents {
            documents.append([IndexedField(text: agent.name + ". " + agent.description, kind: .body)])
            owners.append((agent.id, false))
            for skill in agent.skills {
                documents.append([IndexedField(text: skill.name, kind: .title),
                                  IndexedField(text: ([skill.description] + skill.tags + skill.examples).joined(separator: ". "), kind: .body)])
                owners.append((agent.id, false))
            }
            for passage in try KnowledgeBase.passages(of: agent, agentsDirectory: catalog.directory) {
                documents.append(KnowledgeBase.fields(of: passage))
                owners.append((agent.id, true))
            }
        }
        index = TermIndex(documents: documents, wordNet: wordNet)
        self.owners = owners
        agentIDs = catalog.agents.map(\.id)
    }

    /// Picks the agent for `question`. Ties go to the first id.
    public func classify(_ question: String) -> Classification {
        var passage: [String: (score: Double, coverage: Double)] = [:]
        var profile: [String: [Double]] = [:]
        for match in index.ranked(index.terms(question)) {
            let owner = owners[match.document]
            if owner.isPassage {
                if passage[owner.agent] == nil { passage[owner.agent] = (match.score, match.coverage) }
            } else {
                profile[owner.agent, default: []].append(match.score)
            }
        }
        let answerable = agentIDs.filter { (passage[$0]?.coverage ?? 0) >= LocalAnswerer.minimumCoverage }
        var scores: [String: Double] = [:]
        for id in agentIDs {
            let top = (profile[id] ?? []).prefix(2)
            let profileScore = (top.first ?? 0) + 0.5 * (top.dropFirst().first ?? 0)
            scores[id] = (passage[id]?.score ?? 0) + Self.profileWeight * profileScore
        }
        func better(_ a: String, _ b: String) -> Bool {
            (scores[a] ?? 0) != (scores[b] ?? 0) ? (scores[a] ?? 0) > (scores[b] ?? 0) : a < b
        }
        let ranked = agentIDs.sorted(by: better)
        let best = scores[ranked[0]] ?? 0
        if answerable.count == 1, let clear = answerable.first {
            return Classification(agentID: clear, confidence: 1, scores: scores)
        }
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
