@testable import A2AProtocol
import Foundation
import JSONBytes
import Testing

/// Verbatim captures from a2a-sdk 1.3.0 (reference/a2a.md) decode, and re-encode to equal JSON.
@Suite struct CaptureRoundTripTests {
    static let sendResult = #"{"result":{"task":{"id":"6234a6f9-56c9-4cfe-bd4c-48c75d66a6bd","contextId":"2b9dd11e-a7f8-44e5-b606-18a15c1e6857","status":{"state":"TASK_STATE_COMPLETED","timestamp":"2026-11-22T23:18:19.974177Z"},"artifacts":[{"artifactId":"c95dea9f-bf3b-418c-8d0f-1812dae6d249","name":"echo","parts":[{"text":"echo: hello"}]}],"history":[{"messageId":"m-1","contextId":"2b9dd11e-a7f8-44e5-b606-18a15c1e6857","taskId":"6234a6f9-56c9-4cfe-bd4c-48c75d66a6bd","role":"ROLE_USER","parts":[{"text":"hello"}]}]}},"id":1,"jsonrpc":"2.0"}"#

    /// Decodes `text` as `T`, re-encodes it and checks the JSON is equal to the original.
    func roundTrip<T: Codable>(_ type: T.Type, _ text: String) throws -> T {
        let value = try A2AJSON.decode(type, from: text)
        let original = try A2AJSON.decode(JSONValue.self, from: text)
        let again = try A2AJSON.decode(JSONValue.self, from: A2AJSON.encode(value))
        #expect(again == original)
        return value
    }

    @Test func sendMessageResultTask() throws {
        let response = try roundTrip(JSONRPCResponse<SendMessageResponse>.self, Self.sendResult)
        #expect(response.id == .number(1))
        guard case .task(let task) = try response.get() else { Issue.record("expected a task"); return }
        #expect(task.status.state == .completed)
        #expect(task.artifacts?.first?.text == "echo: hello")
        #expect(task.history?.first?.role == .user)
    }

    @Test func directMessageReply() throws {
        let text = #"{"result":{"message":{"messageId":"reply-m-16","contextId":"9199a773-7ecb-4900-952b-f855ccc3e97d","role":"ROLE_AGENT","parts":[{"text":"echo: hi"}]}},"id":16,"jsonrpc":"2.0"}"#
        let response = try roundTrip(JSONRPCResponse<SendMessageResponse>.self, text)
        guard case .message(let message) = try response.get() else { Issue.record("expected a message"); return }
        #expect(message.role == .agent)
        #expect(message.text == "echo: hi")
    }

    @Test func sdkClientRequest() throws {
        let text = #"{"method":"SendMessage","params":{"message":{"messageId":"cli-1","role":"ROLE_USER","parts":[{"text":"hi from sdk client"}]},"configuration":{}},"id":"e75848ea-7c67-4ade-a36c-c99bd9d5793e","jsonrpc":"2.0"}"#
        let request = try roundTrip(JSONRPCRequest<SendMessageRequest>.self, text)
        #expect(request.id == .string("e75848ea-7c67-4ade-a36c-c99bd9d5793e"))
        #expect(request.params.message.text == "hi from sdk client")
    }

    @Test func listTasksToleratesEmptyDefaults() throws {
        let text = #"{"result":{"tasks":[{"id":"3c246149-a80f-418a-8834-f7078a658449","contextId":"6e4cb631-a6d9-465d-9a4e-f080db8d6500","status":{"state":"TASK_STATE_COMPLETED","timestamp":"2026-11-22T23:18:24.862538Z"},"history":[{"messageId":"m-11","contextId":"6e4cb631-a6d9-465d-9a4e-f080db8d6500","taskId":"3c246149-a80f-418a-8834-f7078a658449","role":"ROLE_USER","parts":[{"text":"stream me","filename":"","mediaType":""}],"extensions":[],"referenceTaskIds":[]}]}],"nextPageToken":"eyJ0cyI6MTc5NTM4OTUwMjU4NDQ4MTAwMCwiaWQiOiI2ZTM1MDM4MS02NmJiLTRmYzYtYTQ0MC1mN2E5N2FhNTJiNzMifQ","pageSize":2,"totalSize":4},"id":19,"jsonrpc":"2.0"}"#
        let response = try A2AJSON.decode(JSONRPCResponse<ListTasksResponse>.self, from: text)
        let page = try response.get()
        #expect(page.tasks.count == 1)
        #expect(page.totalSize == 4)
        #expect(page.tasks[0].history?[0].parts[0].filename == nil)
    }

    @Test func streamEvents() throws {
        let events = [
            #"{"result": {"task": {"id": "6e350381-66bb-4fc6-a440-f7a97aa52b73", "contextId": "3f943eec-f1cc-441d-867a-0d011cc213be", "status": {"state": "TASK_STATE_SUBMITTED"}, "history": [{"messageId": "m-10", "contextId": "3f943eec-f1cc-441d-867a-0d011cc213be", "taskId": "6e350381-66bb-4fc6-a440-f7a97aa52b73", "role": "ROLE_USER", "parts": [{"text": "stream me"}]}]}}, "id": "s-1", "jsonrpc": "2.0"}"#,
            #"{"result": {"statusUpdate": {"taskId": "6e350381-66bb-4fc6-a440-f7a97aa52b73", "contextId": "3f943eec-f1cc-441d-867a-0d011cc213be", "status": {"state": "TASK_STATE_WORKING", "timestamp": "2026-11-22T23:18:22.583942Z"}}}, "id": "s-1", "jsonrpc": "2.0"}"#,
            #"{"result": {"artifactUpdate": {"taskId": "6e350381-66bb-4fc6-a440-f7a97aa52b73", "contextId": "3f943eec-f1cc-441d-867a-0d011cc213be", "artifact": {"artifactId": "33191b58-1125-4721-b2a7-d8da9eb482d4", "name": "echo", "parts": [{"text": "echo: stream me"}]}, "lastChunk": true}}, "id": "s-1", "jsonrpc": "2.0"}"#,
            #"{"result": {"statusUpdate": {"taskId": "6e350381-66bb-4fc6-a440-f7a97aa52b73", "contextId": "3f943eec-f1cc-441d-867a-0d011cc213be", "status": {"state": "TASK_STATE_COMPLETED", "timestamp": "2026-11-22T23:18:22.584481Z"}}}, "id": "s-1", "jsonrpc": "2.0"}"#,
        ]
        let decoded = try events.map { try roundTrip(JSONRPCResponse<StreamResponse>.self, $0).get() }
        #expect(decoded.map(\.endsStream) == [false, false, false, true])
        guard case .artifactUpdate(let update) = decoded[2] else { Issue.record("expected artifact"); return }
        #expect(update.lastChunk == true)
        #expect(update.artifact.text == "echo: stream me")
    }

    @Test func errorShapes() throws {
        let notFound = #"{"error":{"code":-32001,"message":"Task not found","data":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"TASK_NOT_FOUND","domain":"a2a-protocol.org","metadata":{}}]},"id":8,"jsonrpc":"2.0"}"#
        let response = try roundTrip(JSONRPCResponse<A2ATask>.self, notFound)
        #expect(response.error?.code == A2AError.taskNotFoundCode)
        #expect(response.error?.detailReason == "TASK_NOT_FOUND")
        #expect(throws: A2AError.self) { try response.get() }

        // 0.3 data forms: null, string, object.
        for data in ["null", "\"oops\"", "{\"k\":1}"] {
            let text = #"{"jsonrpc":"2.0","id":9,"error":{"code":-32001,"data":"# + data + #","message":"Task not found"}}"#
            let decoded = try A2AJSON.decode(JSONRPCResponse<A2ATask>.self, from: text)
            #expect(decoded.error?.code == -32001)
        }
        let parseError = #"{"error":{"code":-32700,"message":"Expecting property name enclosed in double quotes: line 1 column 26 (char 25)"},"id":null,"jsonrpc":"2.0"}"#
        let parsed = try A2AJSON.decode(JSONRPCResponse<A2ATask>.self, from: parseError)
        #expect(parsed.id == .null)
        #expect(parsed.error?.code == -32700)
    }

    @Test func pureAgentCard() throws {
        let text = #"{"name":"Echo Agent","description":"Echoes the text it receives.","supportedInterfaces":[{"url":"http://127.0.0.1:9997/a2a/jsonrpc","protocolBinding":"JSONRPC","protocolVersion":"1.0"},{"url":"http://127.0.0.1:9997/a2a/rest","protocolBinding":"HTTP+JSON","protocolVersion":"1.0"}],"provider":{"url":"https://example.com","organization":"Example"},"version":"1.0.0","capabilities":{"streaming":true,"pushNotifications":false},"defaultInputModes":["text/plain"],"defaultOutputModes":["text/plain"],"skills":[{"id":"echo","name":"Echo","description":"Echo back the input.","tags":["echo"],"examples":["hello"]}]}"#
        let card = try roundTrip(AgentCard.self, text)
        #expect(card.supportedInterfaces.map(\.protocolBinding) == ["JSONRPC", "HTTP+JSON"])
        #expect(card.skills.first?.examples == ["hello"])
    }

    @Test func bearerSchemeShape() throws {
        let json = try A2AJSON.encodeString(["bearer": SecurityScheme.bearer])
        #expect(json == #"{"bearer":{"httpAuthSecurityScheme":{"scheme":"Bearer"}}}"#)
    }

    @Test func partOneofIsEnforced() throws {
        #expect(throws: DecodingError.self) { try A2AJSON.decode(Part.self, from: #"{"text":"a","url":"b"}"#) }
        #expect(throws: DecodingError.self) { try A2AJSON.decode(Part.self, from: #"{"mediaType":"x"}"#) }
        let raw = try roundTrip(Part.self, #"{"raw":"aGVsbG8=","filename":"output.txt","mediaType":"text/plain"}"#)
        #expect(raw.content == .raw(Data("hello".utf8)))
        let data = try roundTrip(Part.self, #"{"data":{"key":"value","count":42}}"#)
        #expect(data.content == .data(["key": "value", "count": 42]))
    }

    @Test func timestampFormat() {
        let stamp = A2AJSON.timestamp(Date(timeIntervalSince1970: 1_795_389_502.584))
        #expect(stamp == "2026-11-22T23:18:22.584Z")
    }
}
