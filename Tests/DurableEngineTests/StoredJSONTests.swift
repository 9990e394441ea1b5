import AgentTesting
import Foundation
import Testing
@testable import DurableEngine

/// The hand-written encoder must write exactly what JSONEncoder writes for the same values,
/// and what it writes must decode back to an equal value through Codable.
@Suite struct StoredJSONTests {
    static let awkward: [String] = [
        "", "plain", "quote \" and backslash \\", "slash / stays", "line\nfeed\ttab\r\u{8}\u{c}",
        "\u{0}\u{1}\u{1f}\u{7f}", "é and 😀 and \u{2028}", String(repeating: "long ", count: 300),
    ]

    static func randomString(_ rng: inout SplitMix64) -> String {
        let pool: [Character] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\u{1}", "\u{1f}", "é", "😀", "\u{2028}", "{", "}"]
        return String((0..<Int.random(in: 0...12, using: &rng)).map { _ in pool.randomElement(using: &rng)! })
    }

    static func randomDuration(_ rng: inout SplitMix64) -> Duration {
        [.zero, .milliseconds(5), .seconds(1), .seconds(600), .seconds(86_400 * 365), .nanoseconds(1),
         .milliseconds(-5), .seconds(Int64.random(in: 0...1_000_000, using: &rng))].randomElement(using: &rng)!
    }

    static func randomFailure(_ rng: inout SplitMix64) -> ActivityFailureInfo {
        ActivityFailureInfo(type: randomString(&rng), message: randomString(&rng), nonRetryable: Bool.random(using: &rng),
                            nextRetryDelay: Bool.random(using: &rng) ? randomDuration(&rng) : nil)
    }

    static func randomOptions(_ rng: inout SplitMix64) -> ActivityOptions {
        let policy = RetryPolicy(
            initialInterval: randomDuration(&rng), backoffCoefficient: [1, 2, 1.5, 3.25, 1e-7, 123_456.789].randomElement(using: &rng)!,
            maximumInterval: Bool.random(using: &rng) ? randomDuration(&rng) : nil, maximumAttempts: Int.random(in: 0...100, using: &rng),
            nonRetryableErrorTypes: (0..<Int.random(in: 0...3, using: &rng)).map { _ in randomString(&rng) })
        return ActivityOptions(
            startToCloseTimeout: Bool.random(using: &rng) ? randomDuration(&rng) : nil,
            scheduleToCloseTimeout: Bool.random(using: &rng) ? randomDuration(&rng) : nil,
            heartbeatTimeout: Bool.random(using: &rng) ? randomDuration(&rng) : nil, retryPolicy: policy)
    }

    static func randomAttributes(_ rng: inout SplitMix64) -> EventAttributes {
        func maybe<T>(_ make: () -> T) -> T? { Bool.random(using: &rng) ? make() : nil }
        var a = EventAttributes()
        a.workflowType = maybe { randomString(&rng) }
        a.input = maybe { Payload(data: (0..<Int.random(in: 0...40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }) }
        a.result = maybe { Payload(data: Array(randomString(&rng).utf8)) }
        a.failure = maybe { randomFailure(&rng) }
        a.activityID = maybe { randomString(&rng) }
        a.activityType = maybe { randomString(&rng) }
        a.options = maybe { randomOptions(&rng) }
        a.scheduledEventID = maybe { Int.random(in: -5...Int.max, using: &rng) }
        a.attempt = maybe { Int.random(in: 0...1000, using: &rng) }
        a.lastFailure = maybe { randomFailure(&rng) }
        a.timerID = maybe { randomString(&rng) }
        a.startToFireTimeout = maybe { randomDuration(&rng) }
        a.signalName = maybe { randomString(&rng) }
        a.markerName = maybe { randomString(&rng) }
        a.details = maybe { Payload(data: []) }
        a.reason = maybe { randomString(&rng) }
        a.identity = maybe { randomString(&rng) }
        a.newExecutionRunID = maybe { UUID().uuidString }
        a.continuedExecutionRunID = maybe { randomString(&rng) }
        return a
    }

    @Test func attributesMatchJSONEncoderByteForByte() throws {
        var rng = SplitMix64(seed: 42)
        for index in 0..<2000 {
            let value = Self.randomAttributes(&rng)
            let fast = try StoredJSON.encode(value)
            #expect(fast == (try Payload(encoding: value).data), "case \(index)")
            #expect(try Payload(data: fast).decode(EventAttributes.self) == value, "case \(index)")
        }
    }

    @Test func everyFieldSetAndNoneSet() throws {
        var rng = SplitMix64(seed: 7)
        var full = Self.randomAttributes(&rng)
        full.workflowType = "W"; full.input = Payload(data: [1, 2, 3]); full.result = Payload(data: [0xFF])
        full.failure = Self.randomFailure(&rng); full.activityID = "a"; full.activityType = "t"
        full.options = Self.randomOptions(&rng); full.scheduledEventID = 3; full.attempt = 2
        full.lastFailure = Self.randomFailure(&rng); full.timerID = "x"; full.startToFireTimeout = .seconds(2)
        full.signalName = "s"; full.markerName = "m"; full.details = Payload(data: [9, 9]); full.reason = "r"
        full.identity = "i"; full.newExecutionRunID = "n"; full.continuedExecutionRunID = "c"
        for value in [full, EventAttributes()] {
            #expect(try StoredJSON.encode(value) == (try Payload(encoding: value).data))
        }
    }

    @Test func awkwardStringsMatch() throws {
        for text in Self.awkward {
            let failure = ActivityFailureInfo(type: text, message: text)
            #expect(StoredJSON.encode(failure) == (try Payload(encoding: failure).data), "\(text.debugDescription)")
            var attributes = EventAttributes()
            attributes.reason = text
            attributes.result = Payload(data: Array(text.utf8))
            #expect(try StoredJSON.encode(attributes) == (try Payload(encoding: attributes).data), "\(text.debugDescription)")
        }
    }

    @Test func optionsMatchAndRoundTrip() throws {
        var rng = SplitMix64(seed: 99)
        for index in 0..<1000 {
            let options = Self.randomOptions(&rng)
            let fast = try StoredJSON.encode(options)
            #expect(try Payload(data: fast).decode(ActivityOptions.self) == options, "case \(index)")
            // Doubles in exponent form are written by Swift's shortest form, JSONEncoder's may differ.
            if options.retryPolicy.backoffCoefficient >= 1e-3 {
                #expect(fast == (try Payload(encoding: options).data), "case \(index)")
            }
        }
    }

    @Test func nonFiniteCoefficientIsRefusedNamingTheField() {
        let options = ActivityOptions(retryPolicy: RetryPolicy(backoffCoefficient: .nan))
        #expect(throws: StoredJSON.InvalidValue.self) { try StoredJSON.encode(options) }
        #expect((try? StoredJSON.encode(options)) == nil)
    }
    /// `StoredJSONReader` reads back every record `StoredJSON` writes as `JSONDecoder` does.
    @Test func theReaderReadsBackWhatIsWritten() throws {
        var rng = SplitMix64(seed: 2026)
        for index in 0..<2000 {
            let value = Self.randomAttributes(&rng)
            let json = try StoredJSON.encode(value)
            #expect(StoredJSONReader.attributes(json) == value, "case \(index): \(String(decoding: json, as: UTF8.self))")
        }
        for text in Self.awkward {
            var attributes = EventAttributes()
            attributes.reason = text
            attributes.failure = ActivityFailureInfo(type: text, message: text, nextRetryDelay: .milliseconds(-5))
            #expect(StoredJSONReader.attributes(try StoredJSON.encode(attributes)) == attributes, "\(text.debugDescription)")
        }
    }

    /// Escapes `StoredJSON` does not write itself (a record written by another encoder) read
    /// as `JSONDecoder` reads them; a shape it does not know is left to `JSONDecoder` (nil).
    @Test func theReaderTakesOtherEscapesAndLeavesUnknownShapesToJSONDecoder() throws {
        let escaped = Array(#"{ "reason" : "\u00e9\ud83d\ude00\/\u0041", "attempt": 3 }"#.utf8)
        let decoded = try Payload(data: escaped).decode(EventAttributes.self)
        #expect(StoredJSONReader.attributes(escaped) == decoded)
        #expect(decoded.reason == "é😀/A")
        for other in [#"{"unknownKey":1}"#, #"{"attempt":1.5}"#, #"{"attempt":+1}"#, #"{"reason":"\u00zz"}"#,
                      #"{"reason":"a"} trailing"#, #"{"reason":"unterminated}"#, #"{"input":"not base64!"}"#] {
            #expect(StoredJSONReader.attributes(Array(other.utf8)) == nil, "\(other)")
        }
    }
}
