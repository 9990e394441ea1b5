import A2AProtocol
import AgentServer
import Foundation
import HTTPServerCore
import Testing

/// What a careless or hostile client must not be able to do to an agent: spend another
/// client's rate budget without a token, store metadata that breaks other clients, or turn
/// authentication off with an empty token.
@Suite struct HostileClientTests {
    @Test func requestsWithoutTheTokenDoNotSpendTheAuthenticatedBudget() async throws {
        let h = try Harness(configuration: AgentServerConfiguration(bearerToken: "s3cret", rateLimit: 0.5, rateLimitBurst: 2))
        let body = #"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"x"}}"#
        var refused: [Int] = []
        for _ in 0..<20 { refused.append(try await h.call(body: body, remote: "10.0.0.1").status) }
        #expect(refused.prefix(2) == [401, 401])
        #expect(refused.dropFirst(2).allSatisfy { $0 == 429 })
        let authorized = try await h.call(headers: ["A2A-Version": "1.0", "Authorization": "Bearer s3cret"], body: body,
                                          remote: "10.0.0.1")
        #expect(authorized.status == 200)
    }

    @Test func aRefusalWithoutTheTokenIsAnsweredOnTheLoopThread() throws {
        let h = try Harness(configuration: AgentServerConfiguration(bearerToken: "s3cret"))
        let request = HTTPRequest(method: "POST", path: "/", body: Array("{}".utf8))
        #expect(h.responder.respondImmediately(to: request)?.status == 401)
        let card = HTTPRequest(method: "GET", path: A2AAgentResponder.cardPath)
        #expect(h.responder.respondImmediately(to: card)?.status == 200)
        let authorized = HTTPRequest(method: "POST", path: "/", headers: ["Authorization": "Bearer s3cret"])
        #expect(h.responder.respondImmediately(to: authorized) == nil)
    }

    @Test(arguments: [
        (#","metadata":1.5"#, "message.metadata"),
        (#","metadata":"text""#, "message.metadata"),
        (#","metadata":[1]"#, "message.metadata"),
        (#","metadata":null"#, ""),
    ])
    func messageMetadataMustBeAnObject(extra: String, field: String) async throws {
        let h = try Harness()
        let answer = try await h.rpc("SendMessage", Harness.send("hi", extra: extra))
        if field.isEmpty {
            #expect(answer.json?["error"] == nil)
        } else {
            #expect(answer.json?["error"]?["code"] == -32602)
            #expect(answer.text.contains(field))
        }
    }

    @Test func partAndRequestMetadataMustBeObjectsToo() async throws {
        let h = try Harness()
        let part = #"{"message":{"messageId":"p1","role":"ROLE_USER","parts":[{"text":"hi","metadata":true}]}}"#
        let partAnswer = try await h.rpc("SendMessage", part)
        #expect(partAnswer.json?["error"]?["code"] == -32602)
        #expect(partAnswer.text.contains("message.parts[0].metadata"))
        let request = #"{"message":{"messageId":"p2","role":"ROLE_USER","parts":[{"text":"hi"}]},"metadata":7}"#
        let requestAnswer = try await h.rpc("SendMessage", request)
        #expect(requestAnswer.json?["error"]?["code"] == -32602)
        // Objects are fine, and stay as they were sent.
        let fine = #"{"message":{"messageId":"p3","role":"ROLE_USER","parts":[{"text":"hi","metadata":{"a":1}}],"metadata":{"b":[2]}}}"#
        #expect(try await h.rpc("SendMessage", fine).json?["error"] == nil)
    }

    @Test func metadataIsBoundedInBytes() async throws {
        let h = try Harness(configuration: AgentServerConfiguration(maxMetadataBytes: 1000))
        let big = String(repeating: "x", count: 2000)
        let answer = try await h.rpc("SendMessage", Harness.send("hi", extra: #","metadata":{"k":""# + big + #""}"#))
        #expect(answer.json?["error"]?["code"] == -32602)
        #expect(answer.text.contains("the limit is 1000 bytes"))
    }

    @Test func anEmptyOrMalformedTokenIsAnErrorNotNoAuthentication() throws {
        #expect(throws: BearerTokenError.self) { try BearerToken.resolve(option: "", file: nil, environment: [:]) }
        #expect(throws: BearerTokenError.self) { try BearerToken.resolve(option: "a b", file: nil, environment: [:]) }
        let empty = #expect(throws: BearerTokenError.self) {
            try BearerToken.resolve(option: nil, file: nil, environment: ["SWITCHBOARD_AGENT_TOKEN": ""])
        }
        #expect(empty?.description.contains("SWITCHBOARD_AGENT_TOKEN is empty") == true)
        #expect(try BearerToken.resolve(option: nil, file: nil, environment: [:]) == nil)
        #expect(try BearerToken.resolve(option: "t0k", file: nil, environment: ["SWITCHBOARD_AGENT_TOKEN": "other"]) == "t0k")
    }

    @Test func aTokenFileIsReadAndTrimmed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-token-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("token").path
        try Data("s3cret\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try BearerToken.resolve(option: nil, file: file, environment: [:]) == "s3cret")
        try Data("\n".utf8).write(to: URL(fileURLWithPath: file))
        let empty = #expect(throws: BearerTokenError.self) { try BearerToken.resolve(option: nil, file: file, environment: [:]) }
        #expect(empty?.description.contains(file) == true)
        let missing = #expect(throws: BearerTokenError.self) {
            try BearerToken.resolve(option: nil, file: directory.appendingPathComponent("none").path, environment: [:])
        }
        #expect(missing?.description.contains("cannot read the token file") == true)
        #expect(throws: BearerTokenError.self) { try BearerToken.resolve(option: "a", file: file, environment: [:]) }
    }

    @Test func aNotificationIsRefusedAndNotRun() async throws {
        let h = try Harness()
        let notification = #"{"jsonrpc":"2.0","method":"SendMessage","params":"# + Harness.send("hi", messageId: "n1") + "}"
        let answer = try await h.call(body: notification)
        #expect(answer.json?["error"]?["code"] == -32600)
        #expect(answer.text.contains("notifications are not supported"))
        #expect(h.executor.runCount == 0)
        let list = try await h.rpc("ListTasks", "{}")
        #expect(list.json?["result"]?["tasks"] == [])
    }

    @Test func idsAndPageSizesOutOfRangeSayWhy() async throws {
        let h = try Harness()
        let big = try await h.call(body: #"{"jsonrpc":"2.0","id":9007199254740993,"method":"ListTasks","params":{}}"#)
        #expect(big.json?["error"]?["code"] == -32600)
        #expect(big.text.contains("send it as a string"))
        let largest = try await h.call(body: #"{"jsonrpc":"2.0","id":9007199254740991,"method":"ListTasks","params":{}}"#)
        #expect(largest.json?["id"] == 9007199254740991)
        let page = try await h.rpc("ListTasks", #"{"pageSize":9223372036854775808}"#)
        #expect(page.json?["error"]?["code"] == -32602)
        #expect(page.text.contains("pageSize"))
        #expect(!page.text.contains("not valid JSON"))
    }
}
