import AgentKnowledge
import AgentTesting
import Foundation
import Testing

/// The offline router: a section that clearly answers the question decides over skill tags.
@Suite struct LocalClassifierTests {
    @Test func aClearSectionMatchOutweighsSkillTags() throws {
        let directory = TestDirectory.make("sb-classifier")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("knowledge"), withIntermediateDirectories: true)
        // "cars" advertises parking in its tags but knows nothing about it; "site" knows it.
        try """
        id: cars
        name: Cars Agent
        description: Company cars, parking, garage and fuel cards.
        version: 1.0.0
        port: 9201
        persona_prompt: prompts/faq_agent.jinja2
        knowledge: [knowledge/cars.md]
        skills:
          - {id: cars, name: Parking and garage, description: Parking, garage, fuel, tags: [parking, garage, park, fuel], examples: [Where can I park?]}
        """.write(to: directory.appendingPathComponent("cars.yaml"), atomically: true, encoding: .utf8)
        try "## Fuel cards\nFuel cards are issued by the fleet team and renewed every two years.\n"
            .write(to: directory.appendingPathComponent("knowledge/cars.md"), atomically: true, encoding: .utf8)
        try """
        id: site
        name: Site Agent
        description: The building.
        version: 1.0.0
        port: 9202
        persona_prompt: prompts/faq_agent.jinja2
        knowledge: [knowledge/site.md]
        skills:
          - {id: site, name: Building, description: The building, tags: [building], examples: [Where is the entrance?]}
        """.write(to: directory.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        try "## Visitor garage spaces\nVisitors park in the garage on level P2; spaces cost $8 a day with a validated ticket.\n"
            .write(to: directory.appendingPathComponent("knowledge/site.md"), atomically: true, encoding: .utf8)

        let classifier = try LocalClassifier(catalog: AgentCatalog(directory: directory), wordNet: WordNet.locate())
        let result = classifier.classify("How much does a visitor pay to park in the garage?")
        #expect(result.agentID == "site", "\(result.scores)")
        #expect(result.confidence > 0)
        // With no section to answer from, the skill tags still route.
        #expect(classifier.classify("Who handles parking?").agentID == "cars")
    }
}
