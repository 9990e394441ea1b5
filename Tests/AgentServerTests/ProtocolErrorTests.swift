import A2AProtocol
import AgentServer
import HTTPServerCore
import Testing

/// Bad input gets the right JSON-RPC error (HTTP 200) and versions are enforced.
@Suite struct ProtocolErrorTests {
    func code(_ answer: Answer) -> Int? { answer.json?["error"]?["code"]?.intValue }

    @Test func envelopeErrors() async throws {
        let h = try Harness()
        let json: HTTPHeaders = ["A2A-Version": "1.0", "Content-Type": "application/json"]
        let parse = try await h.call(headers: json, body: #"{"jsonrpc":"2.0","id":1,"#)
        #expect(parse.status == 200)
        #expect(code(parse) == -32700)
        #expect(parse.json?["id"] == .null)
        #expect(code(try await h.call(headers: json, body: #"[{"jsonrpc":"2.0","id":1,"method":"GetTask"}]"#)) == -32600)
        #expect(code(try await h.call(headers: json, body: #"{"id":1,"method":"GetTask","params":{}}"#)) == -32600)
        #expect(code(try await h.call(headers: json, body: #"{"jsonrpc":"2.0","id":[1],"method":"GetTask"}"#)) == -32600)
        #expect(code(try await h.rpc("NoSuchMethod", "{}")) == -32601)
    }

    @Test func badParamsNameTheField() async throws {
        let h = try Harness()
        let noParts = try await h.rpc("SendMessage", #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[]}}"#)
        #expect(code(noParts) == -32602)
        #expect(noParts.text.contains("message.parts"))
        #expect(noParts.text.contains("google.rpc.BadRequest"))
        let badRole = try await h.rpc("SendMessage", #"{"message":{"messageId":"m","role":"ROLE_ROBOT","parts":[{"text":"x"}]}}"#)
        #expect(code(badRole) == -32602)
        #expect(badRole.text.contains("message.role"))
        let wrongType = try await h.rpc("SendMessage", #"{"message":{"messageId":7,"role":"ROLE_USER","parts":[{"text":"x"}]}}"#)
        #expect(code(wrongType) == -32602)
        #expect(wrongType.text.contains("message.messageId"))
        let missing = try await h.rpc("GetTask", "{}")
        #expect(code(missing) == -32602)
        #expect(missing.text.contains("id"))
    }

    @Test func sizeLimitsNameTheLimit() async throws {
        let h = try Harness(configuration: AgentServerConfiguration(maxMessageTextBytes: 10, maxParts: 2))
        let long = try await h.rpc("SendMessage", Harness.send(String(repeating: "a", count: 11)))
        #expect(code(long) == -32602)
        #expect(long.text.contains("limit is 10 bytes"))
        let parts = #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"a"},{"text":"b"},{"text":"c"}]}}"#
        let many = try await h.rpc("SendMessage", parts)
        #expect(code(many) == -32602)
        #expect(many.text.contains("at most 2 parts"))
    }

    @Test func contentTypeAndUnsupportedFeatures() async throws {
        let h = try Harness()
        let plain = try await h.call(headers: ["A2A-Version": "1.0", "Content-Type": "text/plain"], body: "hello")
        #expect(code(plain) == -32005)
        #expect(code(try await h.rpc("CreateTaskPushNotificationConfig", #"{"taskId":"t","url":"http://x"}"#)) == -32003)
        #expect(code(try await h.rpc("GetExtendedAgentCard", "{}")) == -32004)
        let get = try await h.call("GET", "/")
        #expect(get.status == 405)
    }

    @Test func versionHeaderAndQuery() async throws {
        let h = try Harness()
        let body = #"{"jsonrpc":"2.0","id":2,"method":"GetTask","params":{"id":"x"}}"#
        let none = try await h.call(headers: ["Content-Type": "application/json"], body: body)
        #expect(code(none) == -32009)
        #expect(none.text.contains("'0.3'"))
        let two = try await h.call(headers: ["A2A-Version": "2.0"], body: body)
        #expect(code(two) == -32009)
        let patch = try await h.call(headers: ["a2a-version": "1.0.0"], body: body)
        #expect(code(patch) == -32001)
        let query = try await h.call(headers: [:], query: ["A2A-Version": "1.0"], body: body)
        #expect(code(query) == -32001)
    }

    @Test func v03MethodsUseV03Shapes() async throws {
        let h = try Harness()
        let body = #"{"jsonrpc":"2.0","id":3,"method":"message/send","params":{"message":{"kind":"message","messageId":"m-3","role":"user","parts":[{"kind":"text","text":"hello"}]}}}"#
        let answer = try await h.call(headers: ["Content-Type": "application/json"], body: body)
        let result = try #require(answer.json?["result"])
        #expect(result["kind"] == "task")
        #expect(result["status"]?["state"] == "completed")
        let task = try A2AJSON.convert(result, to: V03.Task.self).v10()
        #expect(task.artifacts?.first?.text == "Hello, world.")
        let get = try await h.call(headers: ["A2A-Version": "0.3"],
                                   body: #"{"jsonrpc":"2.0","id":4,"method":"tasks/get","params":{"id":""# + task.id + #""}}"#)
        #expect(get.json?["result"]?["kind"] == "task")
        let cancel = try await h.call(body: #"{"jsonrpc":"2.0","id":5,"method":"tasks/cancel","params":{"id":""# + task.id + #""}}"#,
                                      )
        // The default harness header says 1.0, which a 0.3 method rejects.
        #expect(code(cancel) == -32009)
        let notFound = try await h.call(headers: [:], body: #"{"jsonrpc":"2.0","id":6,"method":"tasks/get","params":{"id":"nope"}}"#)
        #expect(code(notFound) == -32001)
        #expect(notFound.json?["error"]?["data"] == nil)
        let stream = try await h.call(headers: [:], body: #"{"jsonrpc":"2.0","id":7,"method":"message/stream","params":{"message":{"kind":"message","messageId":"m-7","role":"user","parts":[{"kind":"text","text":"hi"}]}}}"#)
        let kinds = stream.events.compactMap { $0["result"]?["kind"]?.stringValue }
        #expect(kinds.first == "task")
        #expect(kinds.last == "status-update")
        #expect(stream.events.last?["result"]?["final"] == true)
        #expect(stream.events.last?["result"]?["status"]?["state"] == "completed")
    }
}

/// Parts whose media type the agent cannot read get -32005 (spec §3.1.1, TCK CORE-SEND-003).
@Suite struct MediaTypeTests {
    @Test func unsupportedMediaTypeIsContentTypeNotSupported() async throws {
        let h = try Harness()
        let params = #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"raw":"dGNr","mediaType":"application/x-unsupported-tck-type"}]}}"#
        let answer = try await h.rpc("SendMessage", params)
        #expect(answer.json?["error"]?["code"] == -32005)
        #expect(answer.text.contains("application/x-unsupported-tck-type"))
        let text = #"{"message":{"messageId":"m2","role":"ROLE_USER","parts":[{"text":"hi","mediaType":"text/plain; charset=utf-8"}]}}"#
        #expect(try await h.rpc("SendMessage", text).json?["result"] != nil)
    }
}

/// Proto (snake_case) field names work over JSON-RPC and REST, as ProtoJSON allows.
@Suite struct ProtoFieldNameTests {
    @Test func snakeCaseParamsAreAccepted() async throws {
        let h = try Harness()
        let sent = try await h.rpc("SendMessage", #"{"message":{"message_id":"snake-1","role":"ROLE_USER","parts":[{"text":"hi"}]},"configuration":{"history_length":0}}"#)
        let task = try #require(sent.json?["result"]?["task"])
        #expect(task["history"] == nil)
        let id = try #require(task["id"]?.stringValue)
        let got = try await h.rpc("GetTask", #"{"id":""# + id + #"","history_length":0}"#)
        #expect(got.json?["result"]?["history"] == nil)
        let rest = try await h.call("GET", "/tasks/\(id)", headers: ["A2A-Version": "1.0"], query: ["history_length": "0"])
        #expect(rest.json?["history"] == nil)
        #expect(rest.json?["id"] == .string(id))
    }
}
