import AgentTesting
import Foundation
import Testing
@testable import DurableEngine

/// Payloads of plain values skip JSONEncoder and JSONDecoder; the bytes and the values must be
/// exactly theirs, and any text the short path does not take must still reach them.
@Suite struct PlainJSONTests {
    private func encoderBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// The outcome of decoding with JSONDecoder, errors flattened to nil.
    private func decoderValue<T: Decodable>(_ json: String, _ type: T.Type) -> T? {
        try? JSONDecoder().decode(type, from: Data(json.utf8))
    }

    @Test func integersStringsAndBooleansAreWrittenAsJSONEncoderWritesThem() throws {
        var rng = SplitMix64(seed: 41)
        for _ in 0..<2_000 {
            let integer = [Int.random(in: -1_000...1_000, using: &rng), Int.random(in: .min ... .max, using: &rng)]
                .randomElement(using: &rng)!
            #expect(try Payload(encoding: integer).data == encoderBytes(integer))
            let string = StoredJSONTests.randomString(&rng)
            #expect(try Payload(encoding: string).data == encoderBytes(string))
        }
        for value in [Int.min, Int.max, 0, -1] { #expect(try Payload(encoding: value).data == encoderBytes(value)) }
        for value in StoredJSONTests.awkward { #expect(try Payload(encoding: value).data == encoderBytes(value)) }
        for value in [true, false] { #expect(try Payload(encoding: value).data == encoderBytes(value)) }
    }

    @Test func everyTextDecodesToWhatJSONDecoderReads() throws {
        let integers = ["0", "-0", "7", "-7", "42", "01", "-01", " 42", "42 ", "4 2", "42.0", "1e3", "-", "", "+5",
                        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
                        "99999999999999999999", "\"5\"", "null", "true"]
        for text in integers {
            #expect((try? Payload(data: Array(text.utf8)).decode(Int.self)) == decoderValue(text, Int.self), "Int from \(text)")
        }
        let strings = ["\"\"", "\"plain\"", "\"é😀\"", "\"a\\nb\"", "\"a\\\"b\"", "\"\\u00e9\"", "\"a/b\"", "\"a\\/b\"",
                       "\"unterminated", "\"a\"b\"", " \"padded\" ", "\"tab\there\"", "5", "null"]
        for text in strings {
            #expect((try? Payload(data: Array(text.utf8)).decode(String.self)) == decoderValue(text, String.self), "String from \(text)")
        }
        let invalidUTF8: [UInt8] = [0x22, 0xff, 0xfe, 0x22]
        #expect((try? Payload(data: invalidUTF8).decode(String.self)) == nil)
        for text in ["true", "false", "TRUE", " true", "1", "null"] {
            #expect((try? Payload(data: Array(text.utf8)).decode(Bool.self)) == decoderValue(text, Bool.self), "Bool from \(text)")
        }
    }

    @Test func otherTypesStillGoThroughCodable() throws {
        struct Pair: Codable, Equatable { var name: String; var count: Int }
        let pair = Pair(name: "a/b", count: 3)
        let payload = try Payload(encoding: pair)
        #expect(payload.data == (try encoderBytes(pair)))
        #expect(try payload.decode(Pair.self) == pair)
        #expect(try Payload(encoding: [1, 2]).decode([Int].self) == [1, 2])
        #expect(try Payload(encoding: Optional<Int>.none).json == "null")
    }
}
