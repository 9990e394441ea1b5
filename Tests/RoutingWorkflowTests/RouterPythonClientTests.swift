import AgentTesting
import Foundation
import JSONBytes
import Testing

/// The official Python a2a-sdk 1.3.0 client streams a routed answer from the Router agent, its
/// first chunk arriving while the chosen agent still streams. Runs when `SWITCHBOARD_PYTHON`
/// names a Python with a2a-sdk (`make test` sets it); otherwise it is skipped with that reason.
@Suite struct RouterPythonClientTests {
    static let python = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

    static let script = #"""
    import asyncio, json, sys
    from a2a.client import ClientConfig, create_client
    from a2a.types import Message, Part, Role, SendMessageRequest

    async def main(url):
        client = await create_client(url, ClientConfig(streaming=True, supported_protocol_bindings=["JSONRPC"]))
        request = SendMessageRequest(message=Message(
            message_id="py-router-1", role=Role.ROLE_USER, parts=[Part(text="How many vacation days do I get?")]))
        text, updates, state = "", 0, 0
        async for event in client.send_message(request):
            if event.HasField("artifact_update"):
                updates += 1
                if updates == 1:
                    print("first chunk", flush=True)
                piece = "".join(p.text for p in event.artifact_update.artifact.parts)
                text = text + piece if event.artifact_update.append else piece
            if event.HasField("status_update"):
                state = event.status_update.status.state
            if event.HasField("task"):
                state = event.task.status.state
        await client.close()
        print(json.dumps({"text": text, "updates": updates, "state": int(state)}), flush=True)

    asyncio.run(main(sys.argv[1]))
    """#

    @Test(.enabled(if: python != nil, "SWITCHBOARD_PYTHON is not set; run `make python-deps` and set it"))
    func theOfficialClientStreamsARoutedAnswer() async throws {
        let python = try #require(Self.python)
        let chunks = (1...6).map { "part \($0). " }
        let slow = SlowAnswerExecutor(chunks: chunks, delay: .milliseconds(300))
        let setup = try await RouterSetup.start(answeringWith: slow)
        let scriptURL = try temporaryDirectory().appendingPathComponent("router_client.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let client = try LaunchedProcess("python a2a client", executable: URL(fileURLWithPath: python),
                                         arguments: [scriptURL.path, setup.routerURL])
        try await client.waitFor("first chunk", timeout: .seconds(60))
        #expect(slow.yielded < chunks.count, "the first chunk reached the client only after the agent's last")
        #expect(try await client.exitStatus(timeout: .seconds(60)) == 0, "\(client.text.suffix(2000))")
        let line = client.standardOutput.split(separator: "\n").last.map(String.init) ?? ""
        let result = try JSONValue.parse(Array(line.utf8))
        #expect(result["text"] == .string("[routed to HR] " + chunks.joined()), "\(line)")
        #expect((result["updates"]?.intValue ?? 0) > 1, "\(line)")
        #expect(result["state"] == .number(3), "\(line)")   // TASK_STATE_COMPLETED
        await setup.stop()
    }
}
