import AgentKnowledge
import Foundation
import Logging
import Synchronization
import Testing

/// WordNet as the local model reads it, and what happens without it.
@Suite struct WordNetTests {
    @Test func missingWordNetIsLoggedWithItsPathAndPackageAndTheModelStillAnswers() throws {
        let missing = "/nonexistent/wordnet-\(UUID().uuidString)"
        let environment = [WordNet.directoryVariable: missing]
        #expect(throws: WordNetError.self) { try WordNet.locate(environment: environment) }

        let recorder = RecordingLogHandler()
        let logger = Logger(label: "test") { _ in recorder }
        #expect(WordNet.forLocalModel(environment: environment, logger: logger) == nil)
        let warnings = recorder.messages.filter { $0.level == .warning }.map(\.text)
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains(missing) == true, "\(warnings)")
        #expect(warnings.first?.contains("wordnet-base") == true, "\(warnings)")

        // Without WordNet the model still answers, from the knowledge's own words.
        let hr = try #require(try catalog().agent(id: "hr"))
        let knowledge = try KnowledgeBase(definition: hr, agentsDirectory: agentsDirectory, wordNet: nil)
        let answer = LocalAnswerer(knowledge: knowledge).answer(to: "How many sick days do I get?")
        #expect(answer.sources == ["Sick leave"])
    }

    @Test func directoryComesFromTheEnvironment() throws {
        let wordNet = try WordNet.locate(environment: [WordNet.directoryVariable: WordNet.defaultDirectory])
        #expect(wordNet.directory == WordNet.defaultDirectory)
    }

    @Test(arguments: [
        ("When is my paycheck paid?", "pay"), ("When are paydays?", "payday"), ("She left early", "leave"),
        ("Two hotels", "hotel"), ("reimbursed expenses", "reimburse"),
    ])
    func questionsAreReducedToWordNetLemmas(text: String, lemma: String) throws {
        let hr = try #require(try catalog().agent(id: "hr"))
        let knowledge = try KnowledgeBase(definition: hr, agentsDirectory: agentsDirectory, wordNet: try WordNet.locate())
        #expect(knowledge.queryTerms(text).contains(lemma), "\(knowledge.queryTerms(text))")
    }
}

/// Keeps every log message, for tests that check what was logged.
private final class RecordingLogHandler: LogHandler, Sendable {
    struct Message: Sendable {
        var level: Logger.Level
        var text: String
    }

    private let recorded = Mutex<[Message]>([])
    var messages: [Message] { recorded.withLock { $0 } }

    var metadata: Logger.Metadata {
        get { [:] }
        set {}  // metadata is not recorded
    }

    var logLevel: Logger.Level {
        get { .trace }
        set {}  // records every level
    }

    subscript(metadataKey _: String) -> Logger.Metadata.Value? {
        get { nil }
        set {}  // metadata is not recorded
    }

    func log(event: LogEvent) {
        recorded.withLock { $0.append(Message(level: event.level, text: "\(event.message)")) }
    }
}

/// Reading WordNet's files: morphy's exceptions and detachment rules, and the relations the
/// knowledge is expanded with.
@Suite struct WordNetReadingTests {
    @Test(arguments: [
        ("geese", "goose"), ("churches", "church"), ("paid", "pay"), ("meetings", "meeting"), ("hours", "hour"),
        ("leaves", "leave"), ("reimbursed", "reimburse"), ("xyzzyq", "xyzzyq"),
    ])
    func lemmas(word: String, lemma: String) throws {
        #expect(try WordNet.locate().lemma(of: word) == lemma)
    }

    @Test func firstAndLastEntriesOfAnIndexAreFound() throws {
        // The binary search must reach both ends of index.noun, past its licence header.
        let wordNet = try WordNet.locate()
        #expect(wordNet.lemma(of: "'hood") == "'hood")
        #expect(!wordNet.related(to: "zyrian").isEmpty)
    }

    @Test func relationsAreWeightedBelowTheWordItself() throws {
        let related = try WordNet.locate().related(to: "book")
        #expect((related["reserve"] ?? 0) > 0, "book -> reserve (a synonym in one of its senses)")
        #expect(related.values.allSatisfy { $0 > 0 && $0 < 1 })
        #expect(related["book"] == nil)
        let grandparent = try WordNet.locate().related(to: "grandparent")
        #expect((grandparent["grandmother"] ?? 0) > 0, "grandparent -> grandmother (one step more specific)")
    }
}
