import Foundation

/// Runs the local model over labelled questions the way `route` does (classify, then the chosen
/// agent answers from its knowledge) and counts what went right.
public struct LocalModelEvaluation: Sendable {
    /// Answerable questions, and how many went to the right agent and were answered from the right section.
    public var answerable = 0, routedRight = 0, rightSection = 0
    /// Out-of-scope questions, and how many were refused.
    public var outOfScope = 0, refused = 0
    /// One line per question that went wrong, for reading.
    public var failures: [String] = []
    /// Seconds per question spent classifying and answering, in question order.
    public var classifySeconds: [Double] = [], answerSeconds: [Double] = []

    public var routingAccuracy: Double { Double(routedRight) / Double(max(1, answerable)) }
    public var sectionAccuracy: Double { Double(rightSection) / Double(max(1, answerable)) }
    public var refusalRate: Double { Double(refused) / Double(max(1, outOfScope)) }

    /// Evaluates `cases` with `classifier` and one answerer per agent id.
    public init(cases: [EvaluationCase], classifier: LocalClassifier, answerers: [String: LocalAnswerer]) {
        let clock = ContinuousClock()
        for item in cases {
            var classification: Classification?
            classifySeconds.append(Self.seconds(clock.measure { classification = classifier.classify(item.question) }))
            let agent = classification?.agentID ?? ""
            var answer: LocalAnswer?
            answerSeconds.append(Self.seconds(clock.measure { answer = answerers[agent]?.answer(to: item.question) }))
            let known = answer?.isKnown ?? false
            if item.outOfScope {
                outOfScope += 1
                if known { failures.append("answered out-of-scope '\(item.question)' -> \(agent): \(answer?.sources ?? [])") } else { refused += 1 }
                continue
            }
            answerable += 1
            guard agent == item.agent else {
                failures.append("misrouted '\(item.question)' -> \(agent), expected \(item.agent ?? "?")")
                continue
            }
            routedRight += 1
            if known, answer?.sources.first == item.section {
                rightSection += 1
            } else {
                failures.append("wrong section '\(item.question)' -> \(known ? answer?.sources.first ?? "?" : "refused"), expected \(item.section ?? "?")")
            }
        }
    }

    /// Evaluates `cases` with a classifier and answerers built from `catalog`.
    /// - Throws: `AgentDefinitionError` when a knowledge file is missing.
    public init(cases: [EvaluationCase], catalog: AgentCatalog) throws {
        var answerers: [String: LocalAnswerer] = [:]
        for agent in catalog.agents {
            answerers[agent.id] = LocalAnswerer(knowledge: try KnowledgeBase(definition: agent, agentsDirectory: catalog.directory))
        }
        self.init(cases: cases, classifier: try LocalClassifier(catalog: catalog), answerers: answerers)
    }

    /// The median of `values` (0 for none).
    public static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    /// `duration` in seconds.
    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
