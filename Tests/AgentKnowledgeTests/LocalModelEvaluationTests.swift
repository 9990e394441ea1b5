import AgentKnowledge
import Foundation
import Testing

/// Holds the local model's accuracy floor on its evaluation sets (agents/eval/): routing,
/// right section and out-of-scope refusal; never timings. WordNet must be installed (`make`
/// installs wordnet-base): without it these tests fail and say so.
@Suite("Local model evaluation") struct LocalModelEvaluationTests {
    // The floors are the figures measured on 2026-12-07 (docs/local-model.md) less about one
    // question each, so a change that loses answers fails here. They are below the goals of
    // issue 18 (95% routed, 90% right section, 95% refused): raise them as the model gets there.
    @Test(arguments: [
        // set, routed right, right section, out-of-scope refused (floors, 0...1)
        ("dev", 0.97, 0.65, 0.95),     // measured 75/76, 51/76, 29/30
        ("heldout", 0.95, 0.62, 0.90), // measured 73/76, 50/76, 30/32
        ("fresh", 0.93, 0.54, 0.86),   // measured 46/48, 27/48, 20/22 (written 2026-12-07, see docs/local-model.md)
    ])
    func holdsTheFloor(set: String, routing: Double, section: Double, refusal: Double) throws {
        do { _ = try WordNet.locate() } catch {
            Issue.record("the local model's floor needs WordNet: \(error)")
            return
        }
        let cases = try EvaluationCase.load(from: agentsDirectory.appendingPathComponent("eval/local-model-\(set).jsonl"))
        // The issue asks for 60 answerable and 30 out-of-scope questions a set; the fresh set is a smaller extra check.
        #expect(cases.filter { !$0.outOfScope }.count >= (set == "fresh" ? 40 : 60))
        #expect(cases.filter(\.outOfScope).count >= (set == "fresh" ? 20 : 30))
        let evaluation = try LocalModelEvaluation(cases: cases, catalog: catalog())
        let failures = evaluation.failures.joined(separator: "\n")
        #expect(evaluation.routingAccuracy >= routing, "routed right: \(evaluation.routedRight)/\(evaluation.answerable)\n\(failures)")
        #expect(evaluation.sectionAccuracy >= section, "right section: \(evaluation.rightSection)/\(evaluation.answerable)\n\(failures)")
        #expect(evaluation.refusalRate >= refusal, "refused: \(evaluation.refused)/\(evaluation.outOfScope)\n\(failures)")
    }

    @Test func evaluationSetsAreDisjointAndLabelledWithRealSections() throws {
        let all = try ["dev", "heldout", "fresh"].flatMap {
            try EvaluationCase.load(from: agentsDirectory.appendingPathComponent("eval/local-model-\($0).jsonl"))
        }
        let questions = all.map { $0.question.lowercased() }
        #expect(Set(questions).count == questions.count, "a question is in both sets or twice in one")
        var titles: [String: Set<String>] = [:]
        for agent in try catalog().agents {
            let knowledge = try KnowledgeBase(definition: agent, agentsDirectory: agentsDirectory, wordNet: nil)
            titles[agent.id] = Set(knowledge.passages.map(\.title))
        }
        for item in all where !item.outOfScope {
            #expect(titles[item.agent ?? ""]?.contains(item.section ?? "") == true, "\(item.question): no such section \(item.section ?? "")")
        }
    }

    @Test func aWrongLabelIsCounted() throws {
        let cases = [EvaluationCase(question: "How many paid sick days do we have each year?", agent: "faq", section: "Parking")]
        let evaluation = try LocalModelEvaluation(cases: cases, catalog: catalog())
        #expect(evaluation.routedRight == 0 && evaluation.rightSection == 0)
        #expect(evaluation.failures.count == 1)
    }
}
