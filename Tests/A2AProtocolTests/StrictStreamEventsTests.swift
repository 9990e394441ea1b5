@testable import A2AProtocol
import Foundation
import JSONBytes
import Testing

/// `StreamResponse.strictRPCResult` reads an event exactly as Codable reads it, and gives up
/// (nil) on what Codable rejects or what it leaves to Codable, so the client's errors stay
/// Codable's.
@Suite struct StrictStreamEventsTests {
    static func codable(_ text: String) -> StreamResponse? {
        try? A2AJSON.decode(JSONRPCResponse<StreamResponse>.self, from: Array(text.utf8)).get()
    }

    static func strict(_ text: String) -> StreamResponse? {
        StreamResponse.strictRPCResult(Array(text.utf8))
    }

    static let handled: [String] = [
        #"{"id":"1","jsonrpc":"2.0","result":{"statusUpdate":{"contextId":"c","status":{"message":{"messageId":"s","parts":[{"text":"looking"}],"role":"ROLE_AGENT"},"state":"TASK_STATE_WORKING","timestamp":"2026-12-08T01:56:28.738Z"},"taskId":"t"}}}"#,
        #"{"id":7,"jsonrpc":"2.0","result":{"artifactUpdate":{"append":true,"artifact":{"artifactId":"a","name":"answer","parts":[{"text":"In years 1 and 2"}]},"contextId":"c","lastChunk":false,"taskId":"t"}}}"#,
        #"{"jsonrpc":"2.0","result":{"artifactUpdate":{"artifact":{"artifactId":"a","parts":[],"extensions":["x"],"metadata":{"k":1}},"contextId":"c","taskId":"t","append":null,"metadata":null}},"id":null}"#,
        #"{"id":"1","result":{"message":{"messageId":"m","parts":[{"text":"done"}],"role":"ROLE_AGENT"}},"extra":true}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"statusUpdate":{"contextId":"c","status":{"state":"TASK_STATE_COMPLETED"},"taskId":"t"},"task":null}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"task":{"id":"t","contextId":"c","status":{"state":"TASK_STATE_WORKING"}}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"task":{"id":"t","contextId":"c","status":{"state":"TASK_STATE_SUBMITTED"},"artifacts":[{"artifactId":"a","parts":[{"text":"x"}]}],"history":[{"messageId":"m","parts":[{"text":"q"}],"role":"ROLE_USER"}],"metadata":{"k":"v"},"kind":"task"}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"task":{"id":"t","contextId":"c","status":{"state":"TASK_STATE_WORKING"},"artifacts":null,"history":[]}}}"#,
    ]

    static let rejected: [String] = [
        #"{"id":"1","jsonrpc":"2.0","result":{"task":{"id":"t","status":{"state":"TASK_STATE_WORKING"}}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"task":{"id":"t","contextId":"c","status":{"state":"TASK_STATE_WORKING"},"artifacts":{}}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"task":{"id":"t","contextId":"c","status":{"state":"TASK_STATE_WORKING"},"history":[{"parts":[]}]}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"statusUpdate":{"contextId":"c","status":{"state":"WORKING"},"taskId":"t"}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"statusUpdate":{"contextId":"c","taskId":"t"}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"artifactUpdate":{"artifact":{"artifactId":"a","parts":[]},"contextId":"c","taskId":"t","append":"yes"}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"artifactUpdate":{"artifact":{"parts":[]},"contextId":"c","taskId":"t"}}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"artifactUpdate":{"artifact":{"artifactId":"a","parts":[{"text":1}]},"contextId":"c","taskId":"t"}}}"#,
        #"{"id":1.5,"jsonrpc":"2.0","result":{"message":{"messageId":"m","parts":[],"role":"ROLE_AGENT"}}}"#,
        #"{"id":"1","jsonrpc":2,"result":{"message":{"messageId":"m","parts":[],"role":"ROLE_AGENT"}}}"#,
        #"{"id":"1","jsonrpc":"2.0"}"#,
        #"[]"#, "not json",
    ]

    static let leftToCodable: [String] = [
        #"{"id":"1","jsonrpc":"2.0","error":{"code":-32001,"message":"Task not found"}}"#,
        #"{"id":"1","jsonrpc":"2.0","result":{"message":{"messageId":"m","parts":[{"data":{"a":1}}],"role":"ROLE_AGENT"}}}"#,
    ]

    @Test(arguments: handled)
    func readsWhatCodableReads(text: String) throws {
        let expected = try #require(Self.codable(text))
        #expect(Self.strict(text) == expected)
    }

    @Test(arguments: rejected)
    func givesUpWhereCodableFails(text: String) {
        #expect(Self.codable(text) == nil)
        #expect(Self.strict(text) == nil)
    }

    @Test(arguments: leftToCodable)
    func leavesErrorsAndDataPartsToCodable(text: String) {
        #expect(Self.strict(text) == nil)
    }

    /// The events the server writes, with every awkward string, read back the same both ways
    /// (or left to Codable).
    @Test(arguments: JSONWriterTests.awkward)
    func eventsTheServerWritesReadTheSame(text: String) throws {
        for full in [false, true] {
            let task = JSONWriterTests.task(text, full: full)
            let events: [StreamResponse] = [
                .task(task),
                .statusUpdate(TaskStatusUpdateEvent(taskId: text, contextId: "c", status: task.status,
                                                    metadata: full ? ["x": .string(text)] : nil)),
                .artifactUpdate(TaskArtifactUpdateEvent(
                    taskId: "t", contextId: text, artifact: task.artifacts?.first ?? Artifact(artifactId: text, parts: [.text(text)]),
                    append: full ? true : nil, lastChunk: full ? false : nil, metadata: full ? [:] : nil)),
            ]
            for event in events {
                let json = String(decoding: try A2AJSON.encode(JSONRPCResponse(id: .string(text), result: event)), as: UTF8.self)
                let strict = Self.strict(json)
                #expect(strict == nil || strict == Self.codable(json))
                // The full ones hold a data part, which is left to Codable.
                if !full { #expect(strict == event) }
            }
        }
    }

    @Test(arguments: JSONWriterTests.awkward)
    func aSendRequestWritesWhatCodableWrites(text: String) throws {
        let message = Message(messageId: text, role: .user, parts: [.text(text)])
        for request in [SendMessageRequest(message: message),
                        SendMessageRequest(message: message, configuration: SendMessageConfiguration(returnImmediately: true),
                                           metadata: ["k": .string(text)], tenant: text)] {
            #expect(try A2AJSON.encode(request) == A2AJSON.codableEncode(request))
            let rpc = JSONRPCRequest(id: .number(3), method: "SendStreamingMessage", params: try A2AJSON.value(request))
            #expect(try A2AJSON.encode(rpc) == A2AJSON.codableEncode(rpc))
        }
    }
}
