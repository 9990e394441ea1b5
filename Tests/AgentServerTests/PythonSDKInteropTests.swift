import A2AProtocol
import AgentServer
import AgentTesting
import Foundation
import JSONBytes
import Testing

/// The official Python a2a-sdk 1.3.0 client against this server, over JSON-RPC and HTTP+JSON,
/// streaming and not. Runs when `SWITCHBOARD_PYTHON` names a Python with a2a-sdk
/// (`make python-deps`); otherwise it is skipped with that reason.
@Suite struct PythonSDKInteropTests {
    static let python = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }

    static let script = #"""
    import asyncio, json, sys
    from a2a.client import ClientConfig, create_client
    from a2a.types import GetTaskRequest, Message, Part, Role, SendMessageRequest

    async def run(url, binding, streaming):
        client = await create_client(url, ClientConfig(streaming=streaming, supported_protocol_bindings=[binding]))
        request = SendMessageRequest(message=Message(
            message_id=f"py-{binding}-{streaming}", role=Role.ROLE_USER, parts=[Part(text="hello from python")]))
        kinds, text, task_id, state = [], "", None, None
        async for event in client.send_message(request):
            for kind in ("task", "message", "status_update", "artifact_update"):
                if event.HasField(kind):
                    kinds.append(kind)
            if event.HasField("task"):
                task_id = event.task.id
                state = event.task.status.state
                if not streaming:
                    text = "".join(p.text for a in event.task.artifacts for p in a.parts)
            if event.HasField("artifact_update"):
                text += "".join(p.text for p in event.artifact_update.artifact.parts)
            if event.HasField("status_update"):
                state = event.status_update.status.state
        task = await client.get_task(GetTaskRequest(id=task_id))
        await client.close()
        return {"binding": binding, "streaming": streaming, "kinds": kinds, "text": text,
                "state": task.status.state, "final": str(state)}

    async def main(url):
        results = []
        for binding in ("JSONRPC", "HTTP+JSON"):
            for streaming in (False, True):
                results.append(await run(url, binding, streaming))
        print(json.dumps(results))

    asyncio.run(main(sys.argv[1]))
    """#

    @Test(.enabled(if: python != nil, "SWITCHBOARD_PYTHON is not set; run `make python-deps` and set it"))
    func officialClientTalksToTheServer() async throws {
        let python = try #require(Self.python)
        let server = try AgentServerFactory.start(identity: LoopbackServerTests.identity, executor: ScriptedExecutor(),
                                                  port: 0)
        let scriptURL = TestDirectory.make("a2a-interop").appendingPathComponent("client.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: scriptURL) }
        let client: LaunchedProcess
        do {
            client = try LaunchedProcess("python a2a client", executable: URL(fileURLWithPath: python),
                                         arguments: [scriptURL.path, server.baseURL])
        } catch {
            await server.shutdown()
            throw error
        }
        let status = try? await client.exitStatus(timeout: .seconds(180))
        await server.shutdown()
        guard status == 0 else {
            Issue.record("python exited \(status.map(String.init) ?? "late"): \(client.text.suffix(2500))")
            return
        }
        let output = client.standardOutput
        let results = try A2AJSON.decode(JSONValue.self, from: output)
        guard case .array(let runs) = results else { Issue.record("no results: \(output)"); return }
        #expect(runs.count == 4)
        for run in runs {
            #expect(run["text"] == "Hello, world.", "\(run)")
            #expect(run["state"] == .number(3), "\(run)")  // TASK_STATE_COMPLETED
            if run["streaming"] == true {
                #expect(run["kinds"]?.arrayCount ?? 0 >= 4, "\(run)")
            }
        }
    }
}

extension JSONValue {
    var arrayCount: Int? {
        if case .array(let items) = self { return items.count }
        return nil
    }
}
