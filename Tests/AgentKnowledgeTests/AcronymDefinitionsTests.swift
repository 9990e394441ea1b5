@testable import AgentKnowledge
import Foundation
import Testing

/// Acronyms the knowledge defines ("paid time off (PTO)") and what the index makes of them.
@Suite struct AcronymDefinitionsTests {
    @Test func findsAnAcronymWhoseLettersAreTheInitialsOfTheWordsBefore() {
        #expect(AcronymDefinitions.find(in: "Full-time employees accrue paid time off (PTO) every pay period.")
            == ["PTO": "paid time off"])
        #expect(AcronymDefinitions.find(in: "The employee assistance program (EAP), run by ComPsych, and automated external defibrillators (AEDs).")
            == ["EAP": "employee assistance program", "AEDs": "automated external defibrillators"])
    }

    @Test(arguments: ["Join the 401(k) plan.", "Defibrillators (AEDs) are next to the elevators.",
                      "Open a ticket (it is quick).", "A sentence with an open ( and no close", "(PTO) first"])
    func ignoresParenthesesThatDefineNothing(text: String) {
        #expect(AcronymDefinitions.find(in: text).isEmpty)
    }

    @Test func aSectionThatOnlyUsesTheAcronymIsFoundByThePhrase() throws {
        let wordNet = try WordNet.locate()
        let passages = [
            KnowledgePassage(title: "Accrual", text: "Employees accrue paid time off (PTO) every pay period.", source: "t.md"),
            KnowledgePassage(title: "Carry-over", text: "Up to 40 hours of unused PTO move into the next year.", source: "t.md"),
            KnowledgePassage(title: "Parking", text: "The garage costs $8 a day.", source: "t.md"),
        ]
        let withAcronyms = KnowledgeBase(agentID: "t", passages: passages, wordNet: wordNet)
        #expect(withAcronyms.search("time off", limit: 3).map(\.title).contains("Carry-over"))
    }
}
