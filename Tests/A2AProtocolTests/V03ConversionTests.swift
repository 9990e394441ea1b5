@testable import A2AProtocol
import Foundation
import JSONBytes
import Testing

/// 0.3 captures decode, convert to 1.0 and back to the same JSON.
@Suite struct V03ConversionTests {
    func json(_ text: String) throws -> JSONValue { try A2AJSON.decode(JSONValue.self, from: text) }

    @Test func sendParamsFromSDKClient() throws {
        let text = #"{"method":"message/send","params":{"configuration":{"blocking":true},"message":{"kind":"message","messageId":"l-1","parts":[{"kind":"text","text":"legacy hi"}],"role":"user"}},"id":"69860e86-e0cb-4390-8317-3bbd61a318a2","jsonrpc":"2.0"}"#
        let request = try A2AJSON.decode(JSONRPCRequest<V03.SendParams>.self, from: text)
        let v10 = try request.params.v10()
        #expect(v10.message.role == .user)
        #expect(v10.message.text == "legacy hi")
        #expect(v10.configuration?.returnImmediately == nil)
        let back = V03.SendParams(v10)
        #expect(try A2AJSON.value(back) == json(text)["params"])
    }

    @Test func nonBlockingMapsToReturnImmediately() throws {
        let params = try A2AJSON.decode(V03.SendParams.self, from: #"{"configuration":{"blocking":false},"message":{"kind":"message","messageId":"m","parts":[{"kind":"text","text":"x"}],"role":"user"}}"#)
        #expect(try params.v10().configuration?.returnImmediately == true)
    }

    @Test func taskResultRoundTrip() throws {
        let result = #"{"artifacts":[{"artifactId":"2a60f802-01fb-43d1-8efd-584d7e4a02ff","name":"echo","parts":[{"kind":"text","text":"echo: hello"}]}],"contextId":"161e051e-4691-4a41-a6bf-2819b9387872","history":[{"contextId":"161e051e-4691-4a41-a6bf-2819b9387872","kind":"message","messageId":"m-3","parts":[{"kind":"text","text":"hello"}],"role":"user","taskId":"4f61f140-2202-407d-9550-247df66e33ce"}],"id":"4f61f140-2202-407d-9550-247df66e33ce","kind":"task","status":{"state":"completed","timestamp":"2026-11-22T23:18:20.007581Z"}}"#
        let event = try A2AJSON.decode(V03.Event.self, from: result)
        guard case .task(let task) = try event.v10() else { Issue.record("expected task"); return }
        #expect(task.status.state == .completed)
        #expect(task.artifacts?.first?.text == "echo: hello")
        let back = V03.Event(StreamResponse.task(task))
        #expect(try A2AJSON.value(back) == json(result))
    }

    @Test func streamEventsRoundTrip() throws {
        let events = [
            #"{"contextId":"6e4cb631-a6d9-465d-9a4e-f080db8d6500","final":false,"kind":"status-update","status":{"state":"working","timestamp":"2026-11-22T23:18:24.862403Z"},"taskId":"3c246149-a80f-418a-8834-f7078a658449"}"#,
            #"{"append":false,"artifact":{"artifactId":"46382563-ab50-475c-8a22-5159a9bbed75","name":"echo","parts":[{"kind":"text","text":"echo: stream me"}]},"contextId":"6e4cb631-a6d9-465d-9a4e-f080db8d6500","kind":"artifact-update","lastChunk":true,"taskId":"3c246149-a80f-418a-8834-f7078a658449"}"#,
            #"{"contextId":"6e4cb631-a6d9-465d-9a4e-f080db8d6500","final":true,"kind":"status-update","status":{"state":"completed","timestamp":"2026-11-22T23:18:24.862538Z"},"taskId":"3c246149-a80f-418a-8834-f7078a658449"}"#,
        ]
        for text in events {
            let v10 = try A2AJSON.decode(V03.Event.self, from: text).v10()
            #expect(try A2AJSON.value(V03.Event(v10)) == json(text))
        }
    }

    @Test func filePartsConvert() throws {
        let uri = try A2AJSON.decode(V03.Part.self, from: #"{"kind":"file","file":{"uri":"https://example.com/a.txt","mimeType":"text/plain","name":"a.txt"}}"#)
        #expect(try uri.v10() == Part(.url("https://example.com/a.txt"), mediaType: "text/plain", filename: "a.txt"))
        let bytes = V03.Part(Part(.raw(Data("hi".utf8)), mediaType: "text/plain"))
        #expect(bytes.file?.bytes == "aGk=")
        #expect(try bytes.v10().content == .raw(Data("hi".utf8)))
        #expect(throws: DecodingError.self) { try A2AJSON.decode(V03.Part.self, from: #"{"kind":"video"}"#) }
    }

    @Test func badRoleNamesTheField() throws {
        let message = try A2AJSON.decode(V03.Message.self, from: #"{"kind":"message","messageId":"m","parts":[],"role":"robot"}"#)
        #expect {
            try message.v10()
        } throws: { error in
            (error as? A2AError)?.code == A2AError.invalidParamsCode && "\(error)".contains("message.role")
        }
    }

    @Test func statesAndRolesMapBothWays() {
        for state in TaskState.allCases { #expect(TaskState(v03Name: state.v03Name) == state) }
        #expect(TaskState(v03Name: "input-required") == .inputRequired)
        #expect(Message.Role(v03Name: "agent") == .agent)
    }
}
