import DurableEngine
import Foundation
import Testing
@testable import TemporalBackend

/// The payload and failure mapping that Python's default converter reads and writes.
@Suite("Temporal payloads") struct TemporalPayloadsTests {
    let plain = TemporalPayloads(codec: PayloadCodec(keyBytes: nil))

    @Test func jsonIsJSONPlainAndNullIsBinaryNull() throws {
        let text = try plain.payload(try Payload(encoding: ["question": "hi"]))
        #expect(text.metadata["encoding"] == Data("json/plain".utf8))
        #expect(String(decoding: text.data, as: UTF8.self) == #"{"question":"hi"}"#)
        let null = try plain.payload(try Payload(encoding: Optional<String>.none))
        #expect(null.metadata["encoding"] == Data("binary/null".utf8) && null.data.isEmpty)
        #expect(try plain.payload(null, what: "x").json == "null")
    }

    @Test func otherEncodingsAndBadJSONAreRefusedByName() {
        var bytes = TPayload()
        bytes.metadata["encoding"] = Data("binary/plain".utf8)
        #expect(throws: TemporalError.unsupportedPayload(
            "the input is encoded as \"binary/plain\"; switchboard reads json/plain and binary/null only")) {
            try plain.payload(bytes, what: "the input")
        }
        var broken = TPayload()
        broken.metadata["encoding"] = Data("json/plain".utf8)
        broken.data = Data("{".utf8)
        #expect(throws: TemporalError.self) { try plain.payload(broken, what: "the input") }
    }

    @Test func failuresRoundTripThroughApplicationFailureInfo() {
        let info = ActivityFailureInfo(type: "RateLimited", message: "slow down", nonRetryable: true, nextRetryDelay: .seconds(3))
        let failure = plain.failure(info)
        #expect(failure.applicationFailureInfo.type == "RateLimited" && failure.applicationFailureInfo.nonRetryable)
        #expect(plain.failureInfo(failure) == info)
        var activityFailure = TFailure()
        activityFailure.message = "activity failed"
        activityFailure.activityFailureInfo.activityID = "1"
        activityFailure.cause = failure
        #expect(plain.failureInfo(activityFailure) == info, "the cause of an activity failure is what counts")
    }

    @Test func addressesAreCheckedAndNamed() throws {
        #expect(try TemporalSettings(address: "127.0.0.1:7233").port == 7233)
        #expect(try TemporalSettings(address: "[::1]:7233").host == "::1")
        for bad in ["127.0.0.1", "host:0", "host:99999", ":7233", "a:b:c"] {
            #expect(throws: TemporalError.self, "\(bad)") { try TemporalSettings(address: bad) }
        }
        #expect(try TemporalSettings.resolve(address: nil, namespace: nil, taskQueue: nil, environment: [:]) == nil)
        let fromEnvironment = try TemporalSettings.resolve(
            address: nil, namespace: nil, taskQueue: nil,
            environment: ["TEMPORAL_ADDRESS": "127.0.0.1:7233", "TEMPORAL_NAMESPACE": "prod"])
        #expect(fromEnvironment?.namespace == "prod" && fromEnvironment?.taskQueue == "switchboard")
        #expect(throws: TemporalError.self) { try TemporalSettings.resolve(address: nil, namespace: "x", taskQueue: nil, environment: [:]) }
    }
}
