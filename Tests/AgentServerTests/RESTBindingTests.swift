import A2AProtocol
import AgentServer
import HTTPServerCore
import Testing

/// The HTTP+JSON binding.
@Suite struct RESTBindingTests {
    let v1: HTTPHeaders = ["A2A-Version": "1.0", "Content-Type": "application/json"]

    @Test func sendGetCancelList() async throws {
        let h = try Harness()
        let sent = try await h.call("POST", "/message:send", headers: v1, body: Harness.send("rest"))
        #expect(sent.status == 200)
        #expect(sent.headers["Content-Type"] == "application/json")
        let id = try #require(sent.json?["task"]?["id"]?.stringValue)
        #expect(sent.json?["task"]?["status"]?["state"] == "TASK_STATE_COMPLETED")

        let got = try await h.call("GET", "/tasks/\(id)", headers: v1, query: ["historyLength": "0"])
        #expect(got.status == 200)
        #expect(got.json?["id"] == .string(id))
        #expect(got.json?["history"] == nil)

        let missing = try await h.call("GET", "/tasks/nope", headers: v1)
        #expect(missing.status == 404)
        #expect(missing.json?["error"]?["status"] == "NOT_FOUND")

        let cancel = try await h.call("POST", "/tasks/\(id):cancel", headers: v1)
        #expect(cancel.status == 400)
        #expect(cancel.json?["error"]?["status"] == "FAILED_PRECONDITION")
        #expect(cancel.text.contains("TASK_NOT_CANCELABLE"))

        let list = try await h.call("GET", "/tasks", headers: v1, query: ["pageSize": "10"])
        #expect(list.json?["totalSize"] == 1)
        #expect(list.json?["nextPageToken"] == "")

        let subscribe = try await h.call("GET", "/tasks/\(id):subscribe", headers: v1)
        #expect(subscribe.status == 400)
    }

    @Test func streamIsBareEvents() async throws {
        let h = try Harness()
        let answer = try await h.call("POST", "/message:stream", headers: v1, body: Harness.send("rest stream"))
        #expect(answer.headers["Content-Type"]?.hasPrefix("text/event-stream") == true)
        let events = answer.events
        #expect(events.first?["task"] != nil)
        #expect(events.first?["jsonrpc"] == nil)
        #expect(events.last?["statusUpdate"]?["status"]?["state"] == "TASK_STATE_COMPLETED")
    }

    @Test func versionContentTypeAndRoutes() async throws {
        let h = try Harness()
        let noVersion = try await h.call("POST", "/message:send", headers: ["Content-Type": "application/json"],
                                         body: Harness.send("x"))
        #expect(noVersion.status == 400)
        #expect(noVersion.text.contains("VERSION_NOT_SUPPORTED"))
        let plain = try await h.call("POST", "/message:send", headers: ["A2A-Version": "1.0", "Content-Type": "text/plain"],
                                     body: "hello")
        #expect(plain.status == 415)
        let badJSON = try await h.call("POST", "/message:send", headers: v1, body: "{nope")
        #expect(badJSON.status == 400)
        let badParams = try await h.call("POST", "/message:send", headers: v1,
                                         body: #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[]}}"#)
        #expect(badParams.status == 400)
        #expect(badParams.text.contains("message.parts"))
        #expect(try await h.call("GET", "/nowhere", headers: v1).status == 404)
        #expect(try await h.call("GET", "/message:send", headers: v1).status == 405)
        #expect(try await h.call("GET", "/extendedAgentCard", headers: v1).status == 400)
        let push = try await h.call("GET", "/tasks/x/pushNotificationConfigs", headers: v1)
        #expect(push.text.contains("PUSH_NOTIFICATION_NOT_SUPPORTED"))
    }
}
