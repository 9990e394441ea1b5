import Testing
@testable import HTTPClient

struct SSEParserTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let input: String
        let expected: [SSEEvent]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "LF", input: "data: a\n\n", expected: [SSEEvent(data: "a")]),
        Case(name: "CRLF", input: "data: a\r\n\r\n", expected: [SSEEvent(data: "a")]),
        Case(name: "CR", input: "data: a\r\r", expected: [SSEEvent(data: "a")]),
        Case(name: "mixed endings", input: "data: a\r\ndata: b\rdata: c\n\r\n", expected: [SSEEvent(data: "a\nb\nc")]),
        Case(name: "multi-line data", input: "data: one\ndata: two\ndata:\n\n", expected: [SSEEvent(data: "one\ntwo\n")]),
        Case(name: "comments ignored", input: ": keep-alive\n\n:x\ndata: a\n\n", expected: [SSEEvent(data: "a")]),
        Case(name: "event type", input: "event: response.output_text.delta\ndata: {}\n\n",
             expected: [SSEEvent(event: "response.output_text.delta", data: "{}")]),
        Case(name: "event type resets per event", input: "event: x\ndata: 1\n\ndata: 2\n\n",
             expected: [SSEEvent(event: "x", data: "1"), SSEEvent(data: "2")]),
        Case(name: "id persists", input: "id: 7\ndata: a\n\ndata: b\n\nid\ndata: c\n\n",
             expected: [SSEEvent(data: "a", id: "7"), SSEEvent(data: "b", id: "7"), SSEEvent(data: "c", id: "")]),
        Case(name: "id with NUL ignored", input: "id: 1\ndata: a\n\nid: 2\u{0}\ndata: b\n\n",
             expected: [SSEEvent(data: "a", id: "1"), SSEEvent(data: "b", id: "1")]),
        Case(name: "retry digits only", input: "retry: 1500\ndata: a\n\nretry: 1x\ndata: b\n\n",
             expected: [SSEEvent(data: "a", retry: 1500), SSEEvent(data: "b")]),
        Case(name: "no space after colon", input: "data:a\n\n", expected: [SSEEvent(data: "a")]),
        Case(name: "only one space stripped", input: "data:  a \n\n", expected: [SSEEvent(data: " a ")]),
        Case(name: "field without colon", input: "data\n\n", expected: [SSEEvent(data: "")]),
        Case(name: "colon in value", input: "data: {\"a\":1}\n\n", expected: [SSEEvent(data: "{\"a\":1}")]),
        Case(name: "block without data dispatches nothing", input: "event: x\n\ndata: a\n\n", expected: [SSEEvent(data: "a")]),
        Case(name: "unknown field ignored", input: "foo: bar\ndata: a\n\n", expected: [SSEEvent(data: "a")]),
        Case(name: "incomplete last event dropped", input: "data: a\n\ndata: b\n", expected: [SSEEvent(data: "a")]),
        Case(name: "BOM stripped", input: "\u{FEFF}data: a\n\n", expected: [SSEEvent(data: "a")]),
        Case(name: "unicode", input: "data: Grüße 👋\n\n", expected: [SSEEvent(data: "Grüße 👋")]),
        Case(name: "empty input", input: "", expected: []),
        Case(name: "OpenAI done sentinel", input: "data: {\"x\":1}\n\ndata: [DONE]\n\n",
             expected: [SSEEvent(data: "{\"x\":1}"), SSEEvent(data: "[DONE]")]),
    ]

    @Test(arguments: cases)
    func parsesWhole(_ testCase: Case) throws {
        var parser = SSEParser()
        var events = try parser.feed(Array(testCase.input.utf8))
        parser.finish()
        events += try parser.feed([UInt8]())
        #expect(events == testCase.expected)
    }

    @Test(arguments: cases)
    func parsesByteByByte(_ testCase: Case) throws {
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for byte in testCase.input.utf8 { events += try parser.feed([byte]) }
        #expect(events == testCase.expected)
    }

    static let sample = "retry: 3000\r\n: hello\r\nid: 1\r\nevent: status\r\ndata: {\"state\":\"working\"}\r\n\r\n"
        + "data: line one\rdata: line two\r\rid: 2\ndata: Grüße\n\n:keep-alive\n\nevent: done\ndata:\n\n"

    static let sampleEvents = [
        SSEEvent(event: "status", data: "{\"state\":\"working\"}", id: "1", retry: 3000),
        SSEEvent(data: "line one\nline two", id: "1"),
        SSEEvent(data: "Grüße", id: "2"),
        SSEEvent(event: "done", data: "", id: "2"),
    ]

    @Test func splitAtEveryBytePosition() throws {
        let bytes = Array(Self.sample.utf8)
        for split in 0...bytes.count {
            var parser = SSEParser()
            let events = try parser.feed(bytes[0..<split]) + parser.feed(bytes[split...])
            #expect(events == Self.sampleEvents, "split at \(split)")
        }
    }

    @Test func splitAtEveryPairOfPositions() throws {
        let bytes = Array(Self.sample.utf8)
        for first in stride(from: 0, through: bytes.count, by: 3) {
            for second in first...bytes.count {
                var parser = SSEParser()
                let events = try parser.feed(bytes[0..<first]) + parser.feed(bytes[first..<second])
                    + parser.feed(bytes[second...])
                #expect(events == Self.sampleEvents, "splits at \(first), \(second)")
            }
        }
    }

    @Test func oversizedLineThrows() {
        var parser = SSEParser(maxEventSize: 64)
        #expect(throws: SSEParser.EventTooLarge.self) {
            _ = try parser.feed(Array(repeating: UInt8(ascii: "a"), count: 100))
        }
    }

    @Test func oversizedEventThrows() {
        var parser = SSEParser(maxEventSize: 64)
        #expect(throws: SSEParser.EventTooLarge.self) {
            for _ in 0..<10 { _ = try parser.feed(Array("data: 0123456789\n".utf8)) }
        }
    }
}
