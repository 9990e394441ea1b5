import Foundation

/// One labelled question of the local model's evaluation set (`agents/eval/*.jsonl`, one JSON
/// object a line): either answerable, with the agent and the section heading that answer it, or
/// out of scope, to be refused.
public struct EvaluationCase: Codable, Sendable, Equatable {
    public var question: String
    /// The agent that should answer; nil for an out-of-scope question.
    public var agent: String?
    /// The heading of the knowledge section that holds the answer.
    public var section: String?
    /// True when no agent's knowledge covers the question.
    public var outOfScope: Bool

    enum CodingKeys: String, CodingKey {
        case question, agent, section
        case outOfScope = "out_of_scope"
    }

    public init(question: String, agent: String? = nil, section: String? = nil, outOfScope: Bool = false) {
        self.question = question
        self.agent = agent
        self.section = section
        self.outOfScope = outOfScope
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        question = try container.decode(String.self, forKey: .question)
        agent = try container.decodeIfPresent(String.self, forKey: .agent)
        section = try container.decodeIfPresent(String.self, forKey: .section)
        outOfScope = try container.decodeIfPresent(Bool.self, forKey: .outOfScope) ?? false
    }

    /// Reads a JSON-lines file; blank lines are skipped.
    /// - Throws: `AgentDefinitionError` naming the file and line of a bad case.
    public static func load(from file: URL) throws -> [EvaluationCase] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else {
            throw AgentDefinitionError(file: file.path, message: "evaluation set cannot be read")
        }
        var cases: [EvaluationCase] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let item = try? JSONDecoder().decode(EvaluationCase.self, from: Data(line.utf8)),
                  item.outOfScope != (item.agent != nil && item.section != nil)
            else {
                throw AgentDefinitionError(
                    file: file.path, message: "line \(number + 1): needs \"question\" and either \"agent\" and \"section\" or \"out_of_scope\": true")
            }
            cases.append(item)
        }
        return cases
    }
}
