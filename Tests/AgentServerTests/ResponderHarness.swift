import A2AProtocol
import AgentServer
import AgentTesting
import Foundation
import HTTPServerCore
import JSONBytes

/// Collects the chunks of a streamed body.
final class CollectingWriter: ResponseBodyWriter, @unchecked Sendable {
    // @unchecked Sendable: `bytes` is only touched while holding `lock`.
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    var isClosed: Bool { false }
    func write(_ chunk: [UInt8]) async throws { lock.withLock { bytes += chunk } }
    var text: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }
}

/// A response with the streamed body (if any) read to the end.
struct Answer {
    var status: Int
    var headers: HTTPHeaders
    var text: String
    var json: JSONValue? { try? A2AJSON.decode(JSONValue.self, from: text) }

    /// The `data:` payloads of an SSE body, as JSON.
    var events: [JSONValue] {
        text.components(separatedBy: "\r\n\r\n").compactMap { block in
            guard block.hasPrefix("data: ") else { return nil }
            return try? A2AJSON.decode(JSONValue.self, from: String(block.dropFirst(6)))
        }
    }
}

/// A responder over a scripted executor, called directly (no sockets).
struct Harness {
    let responder: A2AAgentResponder
    let executor: ScriptedExecutor

    init(executor: ScriptedExecutor = ScriptedExecutor(), configuration: AgentServerConfiguration = .init()) throws {
        self.executor = executor
        let manager = try TaskManager(executor: executor, configuration: configuration)
        let card = AgentCardBuilder.card(
            name: "Test Agent", description: "Answers tests.", version: "1.0.0",
            skills: [AgentCard.Skill(id: "t", name: "Test", description: "d", tags: ["x"], examples: ["q"])],
            baseURL: "http://127.0.0.1:1", requiresBearerToken: configuration.bearerToken != nil)
        responder = A2AAgentResponder(
            manager: manager, card: try AgentCardDocument(card: card, maxAge: 60, legacyFields: configuration.cardLegacyFields), configuration: configuration)
    }

    func call(_ method: String = "POST", _ path: String = "/", headers: HTTPHeaders = ["A2A-Version": "1.0"],
              query: [String: String] = [:], body: String = "", remote: String = "127.0.0.1") async throws -> Answer {
        let request = HTTPRequest(method: method, path: path, query: query, headers: headers,
                                  body: Array(body.utf8), remoteAddress: remote)
        let response: HTTPResponse
        if let fast = responder.respondImmediately(to: request) {
            response = fast
        } else {
            response = await responder.respond(to: request)
        }
        switch response.body {
        case .bytes(let bytes):
            return Answer(status: response.status, headers: response.headers, text: String(decoding: bytes, as: UTF8.self))
        case .stream(let produce):
            let writer = CollectingWriter()
            try await produce(writer)
            return Answer(status: response.status, headers: response.headers, text: writer.text)
        }
    }

    /// A JSON-RPC call; `params` is raw JSON.
    func rpc(_ method: String, _ params: String, id: String = "1",
             headers: HTTPHeaders = ["A2A-Version": "1.0", "Content-Type": "application/json"]) async throws -> Answer {
        try await call(headers: headers, body: #"{"jsonrpc":"2.0","id":"# + id + #","method":""# + method + #"","params":"# + params + "}")
    }

    static func send(_ text: String, messageId: String = UUID().uuidString, extra: String = "", config: String = "") -> String {
        var params = #"{"message":{"messageId":""# + messageId + #"","role":"ROLE_USER","parts":[{"text":""# + text + #""}]"# + extra + "}"
        if !config.isEmpty { params += #","configuration":"# + config }
        return params + "}"
    }

    /// Polls GetTask until the task reaches `state` (or fails the wait after 10 s).
    func waitForState(_ taskId: String, _ state: String) async throws -> JSONValue? {
        var task: JSONValue?
        _ = try await eventually(every: .milliseconds(5)) {
            let answer = try await rpc("GetTask", #"{"id":""# + taskId + #""}"#)
            guard answer.json?["result"]?["status"]?["state"] == .string(state) else { return false }
            task = answer.json?["result"]
            return true
        }
        return task
    }
}
