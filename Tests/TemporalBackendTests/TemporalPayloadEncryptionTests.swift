import DurableEngine
import Foundation
import Testing
@testable import TemporalBackend

/// Payloads sealed with SWITCHBOARD_ENCRYPTION_KEY's codec: what leaves carries no plaintext,
/// what comes back opens with the key only, and plain payloads still read.
@Suite("Temporal payload encryption") struct TemporalPayloadEncryptionTests {
    let sealing = TemporalPayloads(codec: PayloadCodec(keyBytes: Array(repeating: 7, count: 32)))
    let otherKey = TemporalPayloads(codec: PayloadCodec(keyBytes: Array(repeating: 9, count: 32)))
    let plain = TemporalPayloads(codec: PayloadCodec(keyBytes: nil))
    let question = Payload(data: Array(#"{"question":"secret-marker-42"}"#.utf8))

    @Test func aSealedPayloadIsMarkedCarriesNoPlaintextAndRoundTrips() throws {
        let sealed = try sealing.payload(question)
        #expect(sealed.metadata["encoding"] == Data("binary/encrypted".utf8))
        #expect(sealed.metadata.count == 1, "the inner encoding travels inside the box")
        #expect(!String(decoding: sealed.data, as: UTF8.self).contains("secret-marker-42"))
        #expect(try sealing.payload(sealed, what: "the input").json == question.json)
        let null = try sealing.payload(Payload(data: Array("null".utf8)))
        #expect(null.metadata["encoding"] == Data("binary/encrypted".utf8))
        #expect(try sealing.payload(null, what: "x").json == "null")
    }

    @Test func aPlainPayloadStillReadsWithAKey() throws {
        #expect(try sealing.payload(try plain.payload(question), what: "the input").json == question.json)
    }

    @Test func aSealedPayloadWithoutAKeyNamesTheVariable() throws {
        let sealed = try sealing.payload(question)
        #expect(throws: EncryptedPayloadError.self) { try plain.payload(sealed, what: "the input") }
        #expect(EncryptedPayloadError().description.contains("SWITCHBOARD_ENCRYPTION_KEY"))
    }

    @Test func aSealedPayloadWithTheWrongKeyIsRefusedByName() throws {
        let sealed = try sealing.payload(question)
        #expect(throws: TemporalError.unsupportedPayload(
            "the input is encrypted and the key in SWITCHBOARD_ENCRYPTION_KEY does not open it: wrong key or damaged data")) {
            try otherKey.payload(sealed, what: "the input")
        }
        var tampered = sealed
        tampered.data[tampered.data.count - 1] ^= 1
        #expect(throws: TemporalError.self) { try sealing.payload(tampered, what: "the input") }
        var foreign = TPayload()
        foreign.metadata["encoding"] = Data("binary/encrypted".utf8)
        foreign.data = Data("not ours".utf8)
        #expect(throws: TemporalError.unsupportedPayload(
            "the input is marked binary/encrypted but is not switchboard's encrypted payload")) {
            try sealing.payload(foreign, what: "the input")
        }
    }

    @Test func aFailureMessageTravelsSealed() throws {
        let info = ActivityFailureInfo(type: "AgentError", message: "agent said secret-marker-42", nonRetryable: true)
        let failure = sealing.failure(info)
        #expect(failure.message == "Encoded failure" && failure.applicationFailureInfo.type == "AgentError")
        #expect(failure.encodedAttributes.metadata["encoding"] == Data("binary/encrypted".utf8))
        #expect(!(try failure.serializedBytes() as [UInt8]).contains(Array("secret-marker-42".utf8)))
        #expect(sealing.failureInfo(failure) == info)
        let unread = plain.failureInfo(failure)
        #expect(unread.message.hasPrefix("Encoded failure (") && unread.message.contains("SWITCHBOARD_ENCRYPTION_KEY"))
    }
}
