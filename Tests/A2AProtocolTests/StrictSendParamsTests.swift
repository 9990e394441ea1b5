@testable import A2AProtocol
import Foundation
import JSONBytes
import Testing

/// `SendMessageRequest(strict:)` reads exactly what Codable reads, and gives up (nil) on
/// everything Codable rejects, so the server's errors stay Codable's.
@Suite struct StrictSendParamsTests {
    /// Params the fast reader handles.
    static let handled: [String] = [
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"hi"}]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_AGENT","parts":[{"text":"a"},{"url":"https://x","mediaType":"text/html","filename":"f"},{"raw":"aGk=","mediaType":""}],"contextId":"c","taskId":"","metadata":{"k":[1,"v"]},"extensions":[],"referenceTaskIds":["r"],"kind":"message"},"configuration":{"acceptedOutputModes":["text/plain"],"returnImmediately":true},"metadata":null,"tenant":"t"}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"hi","metadata":null}],"contextId":null},"configuration":null,"unknown":5}"#,
        #"{"message":{"messageId":"","role":"ROLE_USER","parts":[]},"configuration":{"taskPushNotificationConfig":{"url":"u"}}}"#,
    ]

    /// Params Codable rejects (the fast reader must not accept them).
    static let rejected: [String] = [
        "{}", #"{"message":null}"#, #"{"message":{"role":"ROLE_USER","parts":[]}}"#,
        #"{"message":{"messageId":7,"role":"ROLE_USER","parts":[{"text":"x"}]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_ROBOT","parts":[{"text":"x"}]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"a","url":"b"}]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"mediaType":"x"}]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"raw":"not base64!"}]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":{"text":"x"}}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":1}]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[],"extensions":[1]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[]},"configuration":{"returnImmediately":"yes"}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[]},"configuration":[]}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[]},"tenant":5}"#,
        #"[]"#,
    ]

    /// Valid params the fast reader leaves to Codable.
    static let leftToCodable: [String] = [
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"data":{"a":1}}]}}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"text":"x"}]},"configuration":{"historyLength":2}}"#,
    ]

    func parsed(_ text: String) throws -> JSONValue {
        try #require(StrictJSONParser.parse(Array(text.utf8)))
    }

    @Test(arguments: handled)
    func handledParamsMatchCodable(text: String) throws {
        let strict = try #require(SendMessageRequest(strict: try parsed(text)))
        #expect(strict == (try A2AJSON.decode(SendMessageRequest.self, from: text)))
    }

    @Test(arguments: rejected)
    func rejectedParamsAreLeftToCodable(text: String) throws {
        #expect(SendMessageRequest(strict: try parsed(text)) == nil)
        #expect(throws: (any Error).self) { try A2AJSON.decode(SendMessageRequest.self, from: text) }
    }

    @Test(arguments: leftToCodable)
    func unusualParamsAreLeftToCodable(text: String) throws {
        #expect(SendMessageRequest(strict: try parsed(text)) == nil)
        _ = try A2AJSON.decode(SendMessageRequest.self, from: text)
    }
}
