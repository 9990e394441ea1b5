import AgentKnowledge
import Foundation

/// `local-model`: the offline model on its evaluation sets (`agents/eval/local-model-*.jsonl`):
/// routing accuracy, right-section accuracy, out-of-scope refusal and time per answer.
let localModelBenchmark = Benchmark(name: "local-model", summary: "local model accuracy on the eval sets, and time per answer") {
    let clock = ContinuousClock()
    var catalog: AgentCatalog?
    var evaluations: [LocalModelEvaluation] = []
    let built = try clock.measure {
        catalog = try AgentCatalog.locateDefault()
        _ = try LocalModelEvaluation(cases: [], catalog: catalog!)
    }
    print("  building the classifier and both knowledge bases: \(format(LocalModelEvaluation.seconds(built) * 1000)) ms")
    guard let catalog else { return }
    DebugExplain.tuning = ProcessInfo.processInfo.environment["SWITCHBOARD_TUNING"]
    if let t = ProcessInfo.processInfo.environment["SWITCHBOARD_THRESHOLD"].flatMap(Double.init) { DebugExplain.threshold = t }
    if let configs = ProcessInfo.processInfo.environment["SWITCHBOARD_TUNE"] {
        let set = ProcessInfo.processInfo.environment["SWITCHBOARD_TUNE_SET"] ?? "dev"
        let cases = try EvaluationCase.load(from: catalog.directory.appendingPathComponent("eval/local-model-\(set).jsonl"))
        for config in configs.split(separator: ";") {
            DebugExplain.tuning = String(config)
            var kbs: [String: KnowledgeBase] = [:]
            for agent in catalog.agents { kbs[agent.id] = try KnowledgeBase(definition: agent, agentsDirectory: catalog.directory) }
            var line = "\(config):"
            for threshold in stride(from: 0.25, through: 0.6, by: 0.05) {
                DebugExplain.threshold = threshold
                let classifier = try LocalClassifier(catalog: catalog)
                var routed = 0, top = 0, right = 0, refused = 0
                for item in cases {
                    let agent = classifier.classify(item.question).agentID
                    let best = DebugExplain.top(kbs[agent]!, item.question)
                    let known = (best?.coverage ?? 0) >= threshold
                    if item.outOfScope { if !known { refused += 1 }; continue }
                    if agent == item.agent { routed += 1; if best?.title == item.section { top += 1; if known { right += 1 } } }
                }
                line += String(format: " t%.2f:r%d/top%d/ok%d/ref%d", threshold, routed, top, right, refused)
            }
            print(line)
        }
        return
    }
    if let set = ProcessInfo.processInfo.environment["SWITCHBOARD_EVAL_DATA"] {
        var kbs: [String: KnowledgeBase] = [:]
        for agent in catalog.agents { kbs[agent.id] = try KnowledgeBase(definition: agent, agentsDirectory: catalog.directory) }
        let classifier = try LocalClassifier(catalog: catalog)
        for item in try EvaluationCase.load(from: catalog.directory.appendingPathComponent("eval/local-model-\(set).jsonl")) {
            let agent = classifier.classify(item.question).agentID
            let top = DebugExplain.top(kbs[agent]!, item.question)
            let kind = item.outOfScope ? "oos" : (agent != item.agent ? "misrouted" : (top?.title == item.section ? "right" : "wrong"))
            print("DATA\t\(kind)\t\(top?.score ?? 0)\t\(top?.matched ?? 0)\t\(top?.coverage ?? 0)\t\(item.question)")
        }
        return
    }
    if ProcessInfo.processInfo.environment["SWITCHBOARD_EVAL_EXPLAIN"] == "1" {
        var kbs: [String: KnowledgeBase] = [:]
        for agent in catalog.agents { kbs[agent.id] = try KnowledgeBase(definition: agent, agentsDirectory: catalog.directory) }
        for item in try EvaluationCase.load(from: catalog.directory.appendingPathComponent("eval/local-model-dev.jsonl")) {
            for (id, kb) in kbs.sorted(by: { $0.key < $1.key }) where item.agent == nil || item.agent == id {
                print("[\(id)] " + DebugExplain.explain(kb, item.question, expected: item.section))
            }
        }
        return
    }
    for name in ["dev", "heldout"] {
        let file = catalog.directory.appendingPathComponent("eval/local-model-\(name).jsonl")
        let cases = try EvaluationCase.load(from: file)
        // Three rounds, so the timings are of warm code; the counts are the same each round.
        var evaluation = try LocalModelEvaluation(cases: cases, catalog: catalog)
        for _ in 0..<2 {
            let again = try LocalModelEvaluation(cases: cases, catalog: catalog)
            evaluation.classifySeconds += again.classifySeconds
            evaluation.answerSeconds += again.answerSeconds
        }
        evaluations.append(evaluation)
        print("-- \(name) set (\(file.lastPathComponent)): \(evaluation.answerable) answerable, \(evaluation.outOfScope) out of scope")
        print("  routed to the right agent:      \(percent(evaluation.routedRight, of: evaluation.answerable))")
        print("  answered from the right section: \(percent(evaluation.rightSection, of: evaluation.answerable))")
        print("  out-of-scope refused:           \(percent(evaluation.refused, of: evaluation.outOfScope))")
        print("  p50 per question: classify \(format(LocalModelEvaluation.median(evaluation.classifySeconds) * 1e6)) µs, "
              + "answer \(format(LocalModelEvaluation.median(evaluation.answerSeconds) * 1e6)) µs")
        if ProcessInfo.processInfo.environment["SWITCHBOARD_EVAL_VERBOSE"] == "1" {
            for failure in evaluation.failures { print("    \(failure)") }
        }
    }
}

private func percent(_ count: Int, of total: Int) -> String {
    "\(count)/\(total) = \(String(format: "%.1f", 100 * Double(count) / Double(max(1, total))))%"
}
