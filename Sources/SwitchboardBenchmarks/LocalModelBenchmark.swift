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
    for name in ["dev", "heldout", "fresh"] {
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
