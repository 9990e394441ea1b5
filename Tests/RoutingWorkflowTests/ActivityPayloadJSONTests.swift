import DurableEngine
import Foundation
import Testing
@testable import RoutingWorkflow

/// The routing activities' values write their own JSON (`JSONWritable`); it must be exactly the
/// JSON `JSONEncoder` wrote for them before (sorted keys, slashes as they are), and read back.
@Suite struct ActivityPayloadJSONTests {
    /// Text with everything a JSON string escapes or keeps as it is.
    static let awkward = "a \"quoted\" \\ path/to/x\n\ttab \u{01} é 漢字 🙂"

    static let agent = DiscoveredAgent(
        id: "hr", name: "HR \(awkward)", description: awkward, url: "http://127.0.0.1:9101/",
        skills: [.init(name: "leave", description: awkward, tags: ["pto", awkward], examples: []),
                 .init(name: "", description: "", tags: [], examples: ["How many days?", awkward])],
        reachable: false)

    static func sortedJSON<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func check<T: Codable & Equatable>(_ value: T) throws {
        let payload = try Payload(encoding: value)
        #expect(payload.json == String(decoding: try sortedJSON(value), as: UTF8.self))
        #expect(try payload.decode(T.self) == value)
    }

    @Test func eachValueWritesTheJSONTheEncoderWrote() throws {
        try Self.check(Self.agent)
        try Self.check([Self.agent, DiscoveredAgent(id: "faq", name: "FAQ", description: "", url: "", skills: [], reachable: true)])
        try Self.check(ClassifierPromptInput(question: Self.awkward, agents: [Self.agent]))
        try Self.check(ClassifyInput(question: "q", prompt: Self.awkward, agentIDs: ["hr", "faq"]))
        try Self.check(AgentCallInput(agentID: "hr", url: "http://x/", question: Self.awkward, messageID: "wf/run/call_agent"))
        try Self.check(AgentReply(taskID: "", text: Self.awkward))
        try Self.check(ClassifierVerdict(label: Self.awkward, agentID: "hr", model: "local"))
        try Self.check(ClassifierVerdict(label: "none", agentID: nil, model: "openai:gpt-4o-mini"))
    }

    @Test func aStringWithEscapesReadsBackWithoutTheDecoder() throws {
        let payload = try Payload(encoding: Self.awkward)
        #expect(try payload.decode(String.self) == Self.awkward)
        #expect(throws: (any Error).self) { try Payload(data: Array("\"open".utf8)).decode(String.self) }
        #expect(throws: (any Error).self) { try Payload(data: Array("\"a\"\"b\"".utf8)).decode(String.self) }
    }
}
