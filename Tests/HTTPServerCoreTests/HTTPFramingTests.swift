import AgentTesting
import Foundation
@testable import HTTPServerCore
import Testing

/// The server on a real socket against hostile or careless clients: smuggling attempts, lenient
/// framing, slow senders and connections that never send a request.
@Suite struct HTTPFramingTests {
    /// Sends `wire` on a new connection and returns everything the server writes until it closes
    /// the connection (nil if it is still open after `timeout`).
    static func exchange(port: Int, _ wire: String, timeout: Double = 30) async throws -> String? {
        try await LoopbackHTTPClient.onThread { () -> String? in
            let connection = try LoopbackConnection(port: port)
            try connection.send(Array(wire.utf8))
            return connection.readToClose(timeout: timeout).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    static func statusLines(_ text: String) -> [String] {
        text.components(separatedBy: "\r\n").filter { $0.hasPrefix("HTTP/1.1 ") }
    }

    @Test func conflictingLengthsAre400AndTheHiddenRequestNeverRuns() async throws {
        try await withServer { server in
            let smuggled = "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 40\r\n\r\n"
                + "abcdGET /fast HTTP/1.1\r\nHost: x\r\n\r\n"
            let reply = try #require(try await Self.exchange(port: server.port, smuggled))
            #expect(Self.statusLines(reply) == ["HTTP/1.1 400 Bad Request"])
            #expect(reply.contains("Connection: close"))
            #expect(reply.contains("conflicting Content-Lengths"))
        }
    }

    @Test(arguments: [
        ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n", "HTTP/1.1 400 "),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5 \r\nhello\r\n0\r\n\r\n", "HTTP/1.1 400 "),
        ("GET /fast HTTP/1.1\nHost: x\n\n", "HTTP/1.1 400 "),
        ("GET /fast HTTP/1.14\r\nHost: x\r\n\r\n", "HTTP/1.1 505 "),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "HTTP/1.1 400 "),
    ])
    func badFramingIsRefusedAndTheConnectionClosed(wire: String, expected: String) async throws {
        try await withServer { server in
            let reply = try #require(try await Self.exchange(port: server.port, wire), "the connection stayed open")
            #expect(reply.hasPrefix(expected), "\(wire.debugDescription) got \(reply.debugDescription)")
            #expect(Self.statusLines(reply).count == 1)
        }
    }

    @Test func aChunkedBodyReachesTheResponder() async throws {
        try await withServer { server in
            let wire = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"
            let reply = try #require(try await Self.exchange(port: server.port, wire))
            #expect(reply.hasPrefix("HTTP/1.1 200 OK"))
            #expect(reply.hasSuffix("POST /echo  hello world"))
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer { server in
            let wire = "GET /echo?i=1 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /echo?i=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let reply = try #require(try await Self.exchange(port: server.port, wire))
            #expect(reply.components(separatedBy: "HTTP/1.1 200 OK\r\n").count - 1 == 3)
            let first = try #require(reply.range(of: "i=1")), second = try #require(reply.range(of: "slow"))
            let third = try #require(reply.range(of: "i=3"))
            #expect(first.lowerBound < second.lowerBound && second.lowerBound < third.lowerBound)
        }
    }

    @Test func thousandsOfPipelinedFastRequestsAreAllAnswered() async throws {
        // Each is answered on the loop thread while the next waits in the same buffer: the
        // server must work through them in a loop, not one stack frame per request.
        try await withServer { server in
            let count = 20_000
            let wire = String(repeating: "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n", count: count - 1)
                + "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
            let reply = try #require(try await Self.exchange(port: server.port, wire, timeout: 30))
            #expect(reply.components(separatedBy: "HTTP/1.1 200 OK\r\n").count - 1 == count)
        }
    }

    @Test func http10GetsItsAnswerAndAClose() async throws {
        try await withServer { server in
            let reply = try #require(try await Self.exchange(port: server.port, "GET /fast HTTP/1.0\r\n\r\n"))
            #expect(reply.hasPrefix("HTTP/1.1 200 OK"))
            #expect(reply.hasSuffix("\r\n\r\nfast"))
            let stream = try #require(try await Self.exchange(port: server.port, "GET /fast-events HTTP/1.0\r\n\r\n"))
            #expect(!stream.contains("chunked"))
            #expect(stream.hasSuffix("data: 0\n\ndata: 1\n\ndata: 2\n\n"))
        }
    }

    @Test func headGetsTheHeadWithoutTheBody() async throws {
        try await withServer { server in
            let reply = try #require(try await Self.exchange(port: server.port, "HEAD /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            #expect(reply.contains("Content-Length: 4\r\n"))
            #expect(reply.hasSuffix("\r\n\r\n"))
        }
    }

    @Test func expectContinueGetsAGoAheadBeforeTheBody() async throws {
        try await withServer { server in
            let port = server.port
            let (interim, final) = try await LoopbackHTTPClient.onThread { () -> (String, String) in
                let connection = try LoopbackConnection(port: port)
                try connection.send(Array("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n".utf8))
                let interim = String(decoding: try connection.receive(timeout: 30), as: UTF8.self)
                try connection.send(Array("ok".utf8))
                return (interim, String(decoding: connection.readToClose(timeout: 30) ?? [], as: UTF8.self))
            }
            #expect(interim == "HTTP/1.1 100 Continue\r\n\r\n")
            #expect(final.hasPrefix("HTTP/1.1 200 OK") && final.hasSuffix("POST /echo  ok"))
        }
    }

    @Test func aSlowlorisHeadIsCutOffAtTheHeaderDeadline() async throws {
        try await withServer({ $0.headerTimeoutSeconds = 0.5 }) { server in
            let port = server.port
            let (reply, seconds) = try await LoopbackHTTPClient.onThread { () -> (String, Double) in
                let connection = try LoopbackConnection(port: port)
                let started = Date()
                try connection.send(Array("GET /fast HTTP/1.1\r\n".utf8))
                // One byte every 100 ms: each read would reset an idle timer, but not the deadline.
                var received: [UInt8] = []
                while Date().timeIntervalSince(started) < 10 {
                    if (try? connection.send(Array("X".utf8))) == nil { break }
                    if let bytes = try? connection.receive(timeout: 0.1) {
                        if bytes.isEmpty { break }
                        received += bytes
                    }
                }
                return (String(decoding: received, as: UTF8.self), Date().timeIntervalSince(started))
            }
            #expect(reply.hasPrefix("HTTP/1.1 408 "))
            #expect(seconds < 5)
        }
    }

    @Test func aBodyThatNeverArrivesIsCutOffAtTheBodyDeadline() async throws {
        try await withServer({ $0.bodyTimeoutSeconds = 0.5 }) { server in
            let reply = try #require(try await Self.exchange(port: server.port,
                                                              "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc"))
            #expect(reply.hasPrefix("HTTP/1.1 408 "))
        }
    }

    @Test func connectionsThatSendNothingCountAgainstTheLimit() async throws {
        try await withServer({ $0.maxConnections = 2 }) { server in
            let port = server.port
            do {
                let silent = try await LoopbackHTTPClient.onThread { [try LoopbackConnection(port: port), try LoopbackConnection(port: port)] }
                #expect(await eventually { server.openConnections == 2 })
                let refused = try #require(try await Self.exchange(port: port, "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n"))
                #expect(refused.hasPrefix("HTTP/1.1 503 "))
                withExtendedLifetime(silent) {}
            }
            #expect(await eventually { server.openConnections == 0 })
            let served = try #require(try await Self.exchange(port: port, "GET /fast HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
            #expect(served.hasPrefix("HTTP/1.1 200 "))
        }
    }

    @Test func controlCharactersAreEscapedForLogs() {
        #expect("/tasks/x\nFORGED \u{1B}[31mred\\".logSafe == "/tasks/x\\nFORGED \\u{1B}[31mred\\\\")
        #expect("plain /path".logSafe == "plain /path")
        #expect("\u{85}\u{7F}\t\r".logSafe == "\\u{85}\\u{7F}\\t\\r")
    }
}
