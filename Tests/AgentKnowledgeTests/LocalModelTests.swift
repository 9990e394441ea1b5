import AgentKnowledge
import Foundation
import Testing

@Suite("Local model") struct LocalModelTests {
    @Test func routesAtLeast95PercentOfUnseenQuestions() throws {
        let classifier = try LocalClassifier(catalog: catalog())
        var wrong: [String] = []
        for (question, agent) in routingQuestions {
            let result = classifier.classify(question)
            if result.agentID != agent { wrong.append("\(question) -> \(result.agentID) \(result.scores)") }
        }
        let accuracy = Double(routingQuestions.count - wrong.count) / Double(routingQuestions.count)
        print("local routing accuracy: \(Int(accuracy * 100))% of \(routingQuestions.count) questions; misrouted: \(wrong)")
        #expect(routingQuestions.filter { $0.agent == "hr" }.count >= 20)
        #expect(routingQuestions.filter { $0.agent == "faq" }.count >= 20)
        #expect(accuracy >= 0.95, "misrouted: \(wrong)")
    }

    @Test func questionsAreNotCopiedFromSkillExamples() throws {
        let examples = Set(try catalog().agents.flatMap { $0.skills.flatMap(\.examples) }.map { $0.lowercased() })
        #expect(routingQuestions.allSatisfy { !examples.contains($0.question.lowercased()) })
    }

    @Test(arguments: [
        ("hr", "How many vacation days do I get in year 4?", "Vacation and PTO accrual"),
        ("hr", "How much unused PTO can roll over?", "PTO carry-over and payout"),
        ("hr", "When are we paid?", "Payroll schedule"),
        ("hr", "What is the company 401(k) match?", "401(k) retirement plan"),
        ("hr", "How long is parental leave?", "Parental leave"),
        ("faq", "What is the guest wifi password?", "Wi-Fi and guest network"),
        ("faq", "What time does the office open?", "Office hours"),
        ("faq", "Where is the office located?", "Office address and directions"),
        ("faq", "How do I book a meeting room?", "Meeting rooms"),
        ("faq", "What are the help desk hours?", "IT help desk"),
        ("faq", "Where do I park my bike?", "Parking"),
    ])
    func retrievesTheRightSection(agent: String, question: String, title: String) throws {
        let knowledge = try KnowledgeBase(definition: #require(catalog().agent(id: agent)), agentsDirectory: agentsDirectory)
        #expect(knowledge.search(question, limit: 1).first?.title == title)
        let answer = LocalAnswerer(knowledge: knowledge).answer(to: question)
        #expect(answer.isKnown)
        #expect(answer.sources == [title])
    }

    @Test(arguments: ["What's the capital of Peru?", "How do I bake sourdough bread?", "Who won the World Cup in 1998?",
                      "Can you recommend a good sci-fi novel?"])
    func saysSoWhenTheKnowledgeDoesNotCoverAQuestion(question: String) throws {
        for agent in try catalog().agents {
            let answer = LocalAnswerer(knowledge: try KnowledgeBase(definition: agent, agentsDirectory: agentsDirectory))
                .answer(to: question)
            #expect(!answer.isKnown, "\(agent.id) answered '\(question)' with \(answer.text)")
            #expect(answer.text.hasPrefix("I don't have information about that"))
        }
    }

    /// Two answers the model lost with issue 18, kept visible: "Where is the office?" found the
    /// address only through the hand-made synonym "where" -> "location" (gone: synonyms come from
    /// WordNet now, and "where" is a stop word), and "What is the meaning of life?" now meets
    /// "mean", a WordNet synonym of "average" in the compensation section ("Annual merit increases
    /// average 3 to 5 percent"). When either passes again, this test says so.
    @Test func knownMisses() throws {
        let faq = try KnowledgeBase(definition: #require(catalog().agent(id: "faq")), agentsDirectory: agentsDirectory)
        withKnownIssue("'Where is the office?' ranks 'Office closures and inclement weather' first") {
            #expect(LocalAnswerer(knowledge: faq).answer(to: "Where is the office?").sources == ["Office address and directions"])
        }
        let hr = try KnowledgeBase(definition: #require(catalog().agent(id: "hr")), agentsDirectory: agentsDirectory)
        withKnownIssue("'What is the meaning of life?' is answered from 'Promotions and compensation'") {
            #expect(!LocalAnswerer(knowledge: hr).answer(to: "What is the meaning of life?").isKnown)
        }
    }

    @Test func answersAreDeterministic() throws {
        let knowledge = try KnowledgeBase(definition: #require(catalog().agent(id: "hr")), agentsDirectory: agentsDirectory)
        let answers = (0..<3).map { _ in LocalAnswerer(knowledge: knowledge).answer(to: "How many sick days do I get?") }
        #expect(Set(answers.map(\.text)).count == 1)
        #expect(answers[0].text.contains("10 days"))
    }

    @Test(arguments: [
        ("hr", "hr"), ("HR", "hr"), ("Agent: FAQ.", "faq"), ("`faq`", "faq"), ("hr_agent", "hr"),
        (#"{"agent": "hr"}"#, "hr"), ("The best agent is faq", "faq"),
    ])
    func parsesModelLabels(output: String, expected: String) {
        #expect(LocalClassifier.parseLabel(output, knownIDs: ["hr", "faq"]) == expected)
    }

    @Test(arguments: ["billing", "", "hr or faq", "I cannot decide"])
    func rejectsLabelsThatNameNoSingleAgent(output: String) {
        #expect(LocalClassifier.parseLabel(output, knownIDs: ["hr", "faq"]) == nil)
    }
}
