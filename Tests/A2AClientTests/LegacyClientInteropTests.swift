import AgentExecutors
import AgentKnowledge
import AgentServer
import AgentTesting
import Foundation
import JSONBytes
import Testing

/// The official a2a-sdk 0.3 client (what the Python sample's router is built on) against both
/// real agents: it resolves the card from the base URL, which works only with the 0.3 discovery
/// fields, then sends, streams and gets the task. Runs when `SWITCHBOARD_PYTHON_A2A03` names a
/// Python with a2a-sdk 0.3 (`make python-deps` makes one).
@Suite struct LegacyClientInteropTests {
    static let python = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON_A2A03"].flatMap { $0.isEmpty ? nil : $0 }
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/legacy_client_v03.py")

    @Test(.enabled(if: python != nil, "SWITCHBOARD_PYTHON_A2A03 is not set; run `make python-deps` and set it"),
          arguments: [("hr", "How many vacation days do I get?", "PTO"), ("faq", "What is the guest Wi-Fi password?", "Wi-Fi")])
    func a03ClientDiscoversSendsStreamsAndGets(agent: String, question: String, expected: String) async throws {
        let catalog = try AgentCatalog(directory: A2AClientTests.agents)
        let definition = try #require(catalog.agent(id: agent))
        let knowledge = try KnowledgeBase(definition: definition, agentsDirectory: catalog.directory)
        let server = try AgentServerFactory.start(definition: definition, executor: KnowledgeExecutor(knowledge: knowledge), port: 0)
        let python = try #require(Self.python)
        let output: (status: Int32, out: String, err: String)
        do {
            output = try await LoopbackHTTPClient.onThread {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: python)
                process.arguments = [Self.script.path, server.baseURL, question]
                let out = Pipe(), err = Pipe()
                process.standardOutput = out
                process.standardError = err
                try process.run()
                let stdout = out.fileHandleForReading.readDataToEndOfFile()
                let stderr = err.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
            }
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
        try #require(output.status == 0, "the 0.3 client failed: \(output.err.suffix(1500))")
        let report = try JSONValue.parse(Array(output.out.utf8))
        #expect(report["name"] == .string(definition.name))
        #expect(report["url"] == .string(server.baseURL + "/"))
        let results = try #require(report["results"]?.arrayValue)
        #expect(results.count == 2)
        for result in results {
            #expect(result["state"] == "completed")
            #expect(result["text"]?.stringValue?.contains(expected) == true, "\(result)")
        }
    }
}
