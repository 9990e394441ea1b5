@testable import HTTPServerCore
import Testing

/// The request-head parser against RFC 9112's framing rules, one row per rule.
@Suite struct HTTPHeadParserTests {
    static func parse(_ text: String, maxSize: Int = 16384) throws -> HTTPHeadParser.Outcome {
        try Array(text.utf8).withUnsafeBytes { try HTTPHeadParser.parse($0, maxSize: maxSize) }
    }

    static func refusal(_ text: String) -> HTTPParseError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error as? HTTPParseError
        }
    }

    @Test func aPlainRequestParses() throws {
        guard case .complete(let head, let length) = try Self.parse("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-A:  v  \r\n\r\nrest") else {
            Issue.record("incomplete")
            return
        }
        #expect(head.method == "GET")
        #expect(head.target == "/a?b=1")
        #expect(head.minorVersion == 1)
        #expect(head.headers["x-a"] == "v")
        #expect(head.framing == .none)
        #expect(head.keepAlive)
        #expect(length == "GET /a?b=1 HTTP/1.1\r\nHost: x\r\nX-A:  v  \r\n\r\n".utf8.count)
    }

    @Test(arguments: [
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n", HTTPBodyFraming.length(5)),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", .length(5)),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 5\r\n\r\n", .length(5)),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n", .chunked),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", .none),
    ])
    func framing(text: String, framing: HTTPBodyFraming) throws {
        guard case .complete(let head, _) = try Self.parse(text) else {
            Issue.record("incomplete")
            return
        }
        #expect(head.framing == framing)
    }

    @Test(arguments: [
        // Smuggling: two lengths that disagree, or a length beside a transfer coding.
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5, 6\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: +5\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0x5\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip\r\n\r\n", 400),
        ("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", 400),
        // Line endings and folding.
        ("GET / HTTP/1.1\nHost: x\n\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX: a\r\n  folded\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: x\r\nX: a\u{01}b\r\n\r\n", 400),
        // Request lines and versions.
        ("GET / HTTP/1.14\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505),
        ("GET / HTTP/1\r\nHost: x\r\n\r\n", 400),
        ("GET / http/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400),
        ("BREW / HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("THIS IS NOT HTTP\r\n\r\n", 400),
        // Host.
        ("GET / HTTP/1.1\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n", 417),
    ])
    func refusals(text: String, status: Int) {
        #expect(Self.refusal(text)?.status == status, "\(text.debugDescription)")
    }

    @Test func anIncompleteHeadWaitsUntilItOutgrowsTheLimit() throws {
        guard case .incomplete = try Self.parse("GET / HTTP/1.1\r\nHost: x\r\n") else {
            Issue.record("a head without its empty line was taken as complete")
            return
        }
        #expect(Self.refusal("GET / HTTP/1.1\r\nHost: x\r\nX: " + String(repeating: "a", count: 20000))?.status == 431)
        // A CR at the very end may still be followed by its LF.
        guard case .incomplete = try Self.parse("GET / HTTP/1.1\r") else {
            Issue.record("a trailing CR was judged before its LF arrived")
            return
        }
    }

    @Test func connectionPersistenceFollowsTheVersionAndTheField() throws {
        let cases: [(String, Bool)] = [
            ("GET / HTTP/1.1\r\nHost: x\r\n\r\n", true),
            ("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false),
            ("GET / HTTP/1.0\r\n\r\n", false),
            ("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", true),
        ]
        for (text, keepAlive) in cases {
            guard case .complete(let head, _) = try Self.parse(text) else {
                Issue.record("incomplete")
                continue
            }
            #expect(head.keepAlive == keepAlive, "\(text.debugDescription)")
        }
    }
}
