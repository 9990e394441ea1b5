@testable import A2AProtocol
import JSONBytes
import Testing

/// Envelope validation: parse errors, invalid requests, ids; error constructors and REST bodies.
@Suite struct JSONRPCEnvelopeTests {
    func failure(_ text: String) -> JSONRPCFailure? {
        if case .failure(let failure) = JSONRPCEnvelope.parse(Array(text.utf8)) { return failure }
        return nil
    }

    @Test func validRequestParses() throws {
        let result = JSONRPCEnvelope.parse(Array(#"{"jsonrpc":"2.0","id":"a","method":"GetTask","params":{"id":"t"}}"#.utf8))
        let envelope = try result.get()
        #expect(envelope.id == .string("a"))
        #expect(envelope.method == "GetTask")
        #expect(envelope.params["id"] == "t")
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"method":"x""#, -32700),
        ("not json", -32700),
        (#"[{"jsonrpc":"2.0","id":1,"method":"GetTask"}]"#, -32600),
        (#"{"id":1,"method":"GetTask"}"#, -32600),
        (#"{"jsonrpc":"1.0","id":1,"method":"GetTask"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":{"a":1},"method":"GetTask"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1.5,"method":"GetTask"}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":3}"#, -32600),
        ("42", -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":null}"#, -32600),
        (#"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":"x"}"#, -32600),
        ("", -32700),
    ])
    func badEnvelopes(text: String, code: Int) {
        #expect(failure(text)?.error.code == code)
    }

    @Test func parseErrorHasNullId() {
        #expect(failure("{")?.id == .null)
        #expect(failure(#"{"id":7,"method":"x"}"#)?.id == .number(7))
    }

    @Test func invalidParamsCarriesBadRequest() throws {
        let error = A2AError.invalidParams(field: "message.parts", "Field must contain at least one element.")
        #expect(error.reason == "INVALID_PARAMS")
        guard case .array(let details)? = error.data else { Issue.record("no details"); return }
        #expect(details.count == 2)
        #expect(details[1]["@type"] == "type.googleapis.com/google.rpc.BadRequest")
        #expect(error.message.contains("message.parts"))
    }

    @Test func restBodies() {
        let notFound = A2AError.taskNotFound("nope")
        #expect(notFound.httpStatus == 404)
        #expect(notFound.restBody["error"]?["status"] == "NOT_FOUND")
        #expect(A2AError.taskNotCancelable("t", state: .completed).restBody["error"]?["code"] == 400)
        #expect(A2AError.versionNotSupported("0.3").message
            == "A2A version '0.3' is not supported by this handler. Expected version '1.0'.")
        #expect(A2AError.taskNotFound("x").v03.data == nil)
    }

    @Test func versions() {
        #expect(A2AVersion.effective(nil) == "0.3")
        #expect(A2AVersion.effective(" ") == "0.3")
        #expect(A2AVersion.isV1("1.0"))
        #expect(A2AVersion.isV1("1.0.0"))
        #expect(A2AVersion.isV1("1.1"))
        #expect(!A2AVersion.isV1("2.0"))
        #expect(!A2AVersion.isV1("0.3"))
        #expect(A2AVersion.isV03("0.3.0"))
    }

    @Test func methods() {
        #expect(A2AMethod(rawValue: "message/send")?.isV03 == true)
        #expect(A2AMethod.sendStreamingMessage.isStreaming)
        #expect(A2AMethod.createTaskPushNotificationConfig.isPushNotification)
        #expect(A2AMethod(rawValue: "Nope") == nil)
    }
}

/// Proto field names are accepted alongside JSON names; user JSON is left alone.
@Suite struct ProtoJSONNamesTests {
    @Test func snakeCaseBecomesCamelCaseOutsideOpaqueValues() throws {
        let input: JSONValue = ["history_length": 1, "message": ["message_id": "m", "metadata": ["keep_me": 1]],
                                "parts": [["data": ["user_key": "v"], "media_type": "text/plain"]]]
        let output = ProtoJSONNames.camelCased(input)
        #expect(output["historyLength"] == 1)
        #expect(output["message"]?["messageId"] == "m")
        #expect(output["message"]?["metadata"] == ["keep_me": 1])
        #expect(ProtoJSONNames.camelCase("status_timestamp_after") == "statusTimestampAfter")
        #expect(ProtoJSONNames.camelCase("id") == "id")
        let request = try A2AJSON.convert(ProtoJSONNames.camelCased(["id": "t", "history_length": 2]), to: GetTaskRequest.self)
        #expect(request.historyLength == 2)
    }
}
