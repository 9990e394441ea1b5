@testable import A2AProtocol
import AgentTesting
import Foundation
import JSONBytes
import Testing

/// The hand-written encoder (`JSONWritable`) gives the same bytes as Foundation's Codable
/// encoder, for every hot response and event shape and for awkward strings.
@Suite struct JSONWriterTests {
    /// Strings that are hard to escape: every ASCII control character, quotes, backslashes,
    /// slashes, DEL, non-ASCII (2, 3 and 4 byte UTF-8), U+2028/2029, combining marks.
    static let awkward: [String] = {
        var strings = ["", "plain", "\"", "\\", "/", "a/b\\c\"d", "</script>", "\u{7F}", "é", "日本語",
                       "😀 emoji", "\u{2028}\u{2029}", "e\u{301}", "\u{FEFF}bom", "tab\there", "line\nbreak",
                       "cr\rlf\n", "\u{0}nul", "\u{1F}\u{1}\u{8}\u{C}", "\\u0041", "{\"json\":[1,2]}"]
        strings.append(String((0..<128).map { Character(Unicode.Scalar(UInt8($0))) }))
        return strings
    }()

    func expectSameBytes<T: JSONWritable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        var writer = JSONWriter()
        try value.write(to: &writer)
        let reference = try A2AJSON.codableEncode(value)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == String(decoding: reference, as: UTF8.self),
                sourceLocation: sourceLocation)
        #expect(try A2AJSON.encode(value) == reference, sourceLocation: sourceLocation)
    }

    static func task(_ text: String, full: Bool) -> A2ATask {
        let message = Message(
            messageId: "m-\(text)", role: .user,
            parts: [.text(text), Part(.url("https://x/\(text)"), mediaType: "text/plain", filename: text),
                    Part(.raw(Data(text.utf8)), mediaType: "application/octet-stream"),
                    Part(.data(["k": .string(text), "n": .number(1.5), "list": [true, nil, 3]]), metadata: ["z": "y"])],
            contextId: full ? "ctx-\(text)" : nil, taskId: full ? "t" : nil,
            metadata: full ? ["b": 2, "a": ["nested": .string(text)]] : nil,
            extensions: full ? ["urn:\(text)"] : nil, referenceTaskIds: full ? ["r1", text] : nil)
        let artifact = Artifact(artifactId: "a-\(text)", name: full ? text : nil, description: full ? "d" : nil,
                                parts: [.text(text)], metadata: full ? ["m": .string(text)] : nil,
                                extensions: full ? [text] : nil)
        return A2ATask(
            id: "id-\(text)", contextId: "c-\(text)",
            status: TaskStatus(state: .completed, message: full ? message : nil,
                               timestamp: full ? "2026-01-02T03:04:05.678Z" : nil),
            artifacts: full ? [artifact, artifact] : nil, history: full ? [message, message] : nil,
            metadata: full ? ["task": .string(text)] : nil)
    }

    @Test(arguments: awkward)
    func tasksAndEventsMatchCodable(text: String) throws {
        for full in [false, true] {
            let task = Self.task(text, full: full)
            try expectSameBytes(task)
            try expectSameBytes(SendMessageResponse.task(task))
            try expectSameBytes(SendMessageResponse.message(task.history?.first ?? Message(messageId: text, role: .agent, parts: [])))
            let status = TaskStatusUpdateEvent(taskId: text, contextId: "c", status: task.status,
                                               metadata: full ? ["x": .string(text)] : nil)
            let artifact = TaskArtifactUpdateEvent(
                taskId: "t", contextId: text, artifact: Artifact(artifactId: text, parts: [.text(text)]),
                append: full ? true : nil, lastChunk: full ? false : nil, metadata: full ? [:] : nil)
            for event in [StreamResponse.task(task), .statusUpdate(status), .artifactUpdate(artifact),
                          .message(Message(messageId: text, role: .agent, parts: [.text(text)]))] {
                try expectSameBytes(event)
                for id in [JSONRPCID.string(text), .number(-7), .number(0), .number(123_456_789), .null] {
                    try expectSameBytes(JSONRPCResponse(id: id, result: event))
                }
            }
        }
    }

    @Test func errorResponsesMatchCodable() throws {
        try expectSameBytes(JSONRPCResponse<A2ATask>(id: .number(3), error: .taskNotFound("a\"b")))
        try expectSameBytes(JSONRPCResponse<StreamResponse>(id: .null, error: .invalidParams(field: "message.parts", "x")))
    }

    /// Random strings from an awkward alphabet, seeded so a failure can be replayed.
    @Test func randomStringsMatchCodable() throws {
        var generator = SplitMix64(seed: 0x5EED)
        let alphabet = Array("aZ09 \"\\/\n\r\t\u{0}\u{1}\u{1F}\u{7F}é日😀\u{2028}{}[]:,")
        for _ in 0..<300 {
            let length = Int.random(in: 0..<24, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            try expectSameBytes(JSONRPCResponse(id: .string(text), result: SendMessageResponse.task(Self.task(text, full: true))))
        }
    }

    /// A random JSON value: awkward keys (combining marks, case, digits), numbers of every
    /// magnitude and sign, nesting up to `depth`.
    static func randomValue(depth: Int, using generator: inout SplitMix64) -> JSONValue {
        let keys = ["a", "B", "_", "a10", "a9", "é", "e\u{301}", "Z", "日", "😀", "", "k\"q", "\u{1}"]
        func number() -> Double {
            switch Int.random(in: 0..<6, using: &generator) {
            case 0: return Double(Int.random(in: -1000...1000, using: &generator))
            case 1: return Double(Int64.random(in: -(1 << 60)...(1 << 60), using: &generator))
            case 2: return Double.random(in: -1e6...1e6, using: &generator)
            case 3: return Double.random(in: 8.9e15...1e17, using: &generator).rounded()
            case 4: return Double.random(in: -1...1, using: &generator) * 1e-300
            default:
                let bits = UInt64.random(in: 0...UInt64.max, using: &generator)
                let value = Double(bitPattern: bits)
                return value.isFinite ? value : 0.5
            }
        }
        let kinds = depth > 0 ? 6 : 4
        switch Int.random(in: 0..<kinds, using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(number())
        case 3: return .string(keys.randomElement(using: &generator)! + Self.awkward.randomElement(using: &generator)!)
        case 4: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth - 1, using: &generator) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &generator) {
                members[keys.randomElement(using: &generator)!] = randomValue(depth: depth - 1, using: &generator)
            }
            return .object(members)
        }
    }

    @Test func randomJSONValuesMatchCodable() throws {
        var generator = SplitMix64(seed: 0x7A1E)
        for _ in 0..<2_000 {
            let value = Self.randomValue(depth: 3, using: &generator)
            try expectSameBytes(value)
        }
        for edge: Double in [-0.0, 9.0e15, -9.0e15, 8_999_999_999_999_999, 1e16, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1, 1e21, 1e-7] {
            try expectSameBytes(JSONValue.number(edge))
        }
    }

    @Test func errorsAndTaskListsMatchCodable() throws {
        var generator = SplitMix64(seed: 0xE770)
        for text in Self.awkward {
            let data = Self.randomValue(depth: 2, using: &generator)
            try expectSameBytes(A2AError(code: -32602, message: text, data: data))
            try expectSameBytes(A2AError(code: 7, message: text))
            try expectSameBytes(A2AError.invalidParams(field: text, text).restBody)
            try expectSameBytes(JSONRPCResponse<ListTasksResponse>(id: .string(text), error: .taskNotFound(text)))
            let list = ListTasksResponse(tasks: [Self.task(text, full: true), Self.task(text, full: false)],
                                         nextPageToken: text, pageSize: 2, totalSize: 9)
            try expectSameBytes(list)
            try expectSameBytes(JSONRPCResponse(id: .number(1), result: list))
            try expectSameBytes(ListTasksResponse(tasks: [], nextPageToken: "", pageSize: 50, totalSize: 0))
        }
    }

    @Test func timestampIsISO8601WithMilliseconds() {
        let expected: [(Double, String)] = [
            (0, "1970-01-01T00:00:00.000Z"), (1.5, "1970-01-01T00:00:01.500Z"),
            (951_782_400.125, "2000-02-29T00:00:00.125Z"), (1_700_000_000.25, "2023-11-14T22:13:20.250Z"),
            (4_102_444_799.5, "2099-12-31T23:59:59.500Z"),
        ]
        for (seconds, text) in expected {
            #expect(A2AJSON.timestamp(Date(timeIntervalSince1970: seconds)) == text)
            #expect(A2AJSON.timestampMillis(text) == Int64((seconds * 1000).rounded()))
        }
        // Anything but exactly that form is not read as one.
        for text in ["2026-12-07T15:01:57Z", "2026-12-07T15:01:57.308+00:00", "2026-02-30T00:00:00.000Z",
                     "2026-12-07 15:01:57.308Z", "1969-12-31T23:59:59.999Z", "２026-12-07T15:01:57.308Z", ""] {
            #expect(A2AJSON.timestampMillis(text) == nil, "\(text)")
        }
    }
}
