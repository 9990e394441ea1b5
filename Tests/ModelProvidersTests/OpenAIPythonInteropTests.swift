import AgentTesting
import Foundation
import Testing

/// The official `openai` Python package must parse the fake server's answers, so the fake
/// stays honest. Runs when SWITCHBOARD_PYTHON points at a Python with `openai` (`make test` sets it).
@Suite("Fake OpenAI server with the official openai package") struct OpenAIPythonInteropTests {
    static let python = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"]

    @Test(.enabled(if: python != nil, "SWITCHBOARD_PYTHON is not set (make test sets it up)"))
    func theOfficialClientParsesWholeAndStreamedAnswers() async throws {
        let fake = FakeOpenAIServer(fallback: .answer("Hello from the fake"))
        try fake.start()
        defer { Task { await fake.stop() } }
        let script = """
        from openai import OpenAI
        c = OpenAI(base_url="\(fake.baseURL)", api_key="sk-test")
        r = c.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}])
        print("chat:", r.choices[0].message.content)
        s = c.chat.completions.create(model="m", messages=[{"role": "user", "content": "hi"}], stream=True)
        print("chat-stream:", "".join(ch.choices[0].delta.content or "" for ch in s if ch.choices))
        r = c.responses.create(model="m", input="hi")
        print("responses:", r.output_text)
        s = c.responses.create(model="m", input="hi", stream=True)
        print("responses-stream:", "".join(e.delta for e in s if e.type == "response.output_text.delta"))
        """
        let python = try LaunchedProcess("python openai", executable: URL(fileURLWithPath: try #require(Self.python)),
                                         arguments: ["-c", script])
        let status = try await python.exitStatus(timeout: .seconds(120))
        let output = python.text
        #expect(status == 0, "\(output)")
        for line in ["chat: Hello from the fake", "chat-stream: Hello from the fake", "responses: Hello from the fake",
                     "responses-stream: Hello from the fake"] {
            #expect(output.contains(line), "\(output)")
        }
    }
}
