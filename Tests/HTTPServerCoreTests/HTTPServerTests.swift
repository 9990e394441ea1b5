import AgentTesting
import Foundation
import HTTPServerCore
import Testing

@Suite("HTTP server") struct HTTPServerTests {
    @Test func answersWithQueryAndBody() async throws {
        try await withServer { server in
            let response = try await LoopbackHTTPClient.request(
                port: server.port, method: "POST", path: "/echo?b=2&a=hello%20world", body: Array("ping".utf8))
            #expect(response.status == 200)
            #expect(response.text == "POST /echo a=hello world&b=2 ping")
            #expect(response.headers["content-length"] == "\(response.body.count)")
        }
    }

    @Test func fastPathAnswersOnTheLoopThread() async throws {
        try await withServer { server in
            let response = try await LoopbackHTTPClient.request(port: server.port, path: "/fast")
            #expect(response.text == "fast")
        }
    }

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withServer { server in
            let port = server.port
            let bodies = try await LoopbackHTTPClient.onThread {
                let connection = try LoopbackConnection(port: port)
                let reader = LoopbackResponseReader(connection: connection, timeout: 5)
                var bodies: [String] = []
                for index in 0..<3 {
                    try connection.send(LoopbackHTTPClient.encode(method: "GET", path: "/echo?i=\(index)", headers: [], body: []))
                    var response = try reader.readHead()
                    try reader.readBody(of: response, method: "GET") { response.body += $0 }
                    bodies.append(response.text)
                }
                return bodies
            }
            #expect(bodies == ["GET /echo i=0 ", "GET /echo i=1 ", "GET /echo i=2 "])
        }
    }

    @Test func oversizedBodyGets413() async throws {
        try await withServer({ $0.maxBodySize = 1024 }) { server in
            let response = try await LoopbackHTTPClient.request(
                port: server.port, method: "POST", path: "/echo", body: [UInt8](repeating: 65, count: 4096))
            #expect(response.status == 413)
        }
    }

    @Test func oversizedHeadersAreRefused() async throws {
        try await withServer({ $0.maxHeaderSize = 1024 }) { server in
            let response = try await LoopbackHTTPClient.request(
                port: server.port, path: "/echo", headers: [("X-Big", String(repeating: "a", count: 4096))])
            #expect(response.status >= 400 && response.status < 500)
        }
    }

    @Test func garbageGets400() async throws {
        try await withServer { server in
            let port = server.port
            let status = try await LoopbackHTTPClient.onThread { () -> Int in
                let connection = try LoopbackConnection(port: port)
                try connection.send(Array("THIS IS NOT HTTP\r\n\r\n".utf8))
                let reader = LoopbackResponseReader(connection: connection, timeout: 5)
                return try reader.readHead().status
            }
            #expect(status == 400)
        }
    }

    @Test func idleConnectionIsClosedAfterTheTimeout() async throws {
        try await withServer({ $0.idleTimeoutSeconds = 1 }) { server in
            let port = server.port
            let closed = try await LoopbackHTTPClient.onThread { () -> Bool in
                let connection = try LoopbackConnection(port: port)
                try connection.send(Array("GET /echo HTTP/1.1\r\nHost: x\r\n".utf8))   // never finished
                return connection.waitForClose(timeout: 5)
            }
            #expect(closed)
        }
    }

    @Test func connectionLimitAnswers503() async throws {
        try await withServer({ $0.maxConnections = 2 }) { server in
            let port = server.port
            let statuses = try await LoopbackHTTPClient.onThread { () -> [Int] in
                var open: [LoopbackConnection] = []
                var statuses: [Int] = []
                for _ in 0..<3 {
                    let connection = try LoopbackConnection(port: port)
                    try connection.send(LoopbackHTTPClient.encode(method: "GET", path: "/fast", headers: [], body: []))
                    let reader = LoopbackResponseReader(connection: connection, timeout: 5)
                    var response = try reader.readHead()
                    try reader.readBody(of: response, method: "GET") { response.body += $0 }
                    statuses.append(response.status)
                    open.append(connection)
                }
                return statuses
            }
            #expect(statuses == [200, 200, 503])
            #expect(await eventually { server.openConnections == 0 })
        }
    }

    @Test func sseChunksArriveAsTheyAreWritten() async throws {
        try await withServer { server in
            var head: LoopbackHTTPResponse?
            var text = ""
            for try await event in LoopbackHTTPClient.stream(port: server.port, method: "GET", path: "/events?n=5") {
                switch event {
                case .head(let response): head = response
                case .chunk(let bytes): text += String(decoding: bytes, as: UTF8.self)
                }
            }
            #expect(head?.status == 200)
            #expect(head?.headers["transfer-encoding"] == "chunked")
            #expect(text == (0..<5).map { "data: \($0)\n\n" }.joined())
        }
    }

    @Test func clientDisconnectCancelsTheProducer() async throws {
        let responder = TestResponder()
        try await withServer(responder: responder) { server in
            var received = 0
            for try await event in LoopbackHTTPClient.stream(port: server.port, method: "GET", path: "/forever") {
                if case .chunk = event { received += 1 }
                if received == 3 { break }   // ends the stream: the client thread closes the socket
            }
            #expect(await eventually { responder.producerCancelled.isSet })
        }
    }

    @Test func fastPathStreamsAreProducedToo() async throws {
        try await withServer { server in
            var text = ""
            for try await event in LoopbackHTTPClient.stream(port: server.port, method: "GET", path: "/fast-events") {
                if case .chunk(let bytes) = event { text += String(decoding: bytes, as: UTF8.self) }
            }
            #expect(text == (0..<3).map { "data: \($0)\n\n" }.joined())
        }
    }

    @Test func aStreamWhoseClientLeftBeforeItStartedStops() async throws {
        let responder = TestResponder()
        try await withServer(responder: responder) { server in
            defer { responder.lateAnswer.open() }   // never leave the responder waiting
            let connection = try LoopbackConnection(port: server.port)
            try connection.send(Array("GET /late-stream HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
            #expect(await eventually { responder.lateRequestArrived.isSet })
            _ = consume connection  // closes the socket before the responder returns its stream
            responder.lateAnswer.open()   // the responder returns its stream now, for a client that has gone
            #expect(await eventually { server.openConnections == 0 })
            // The producer starts, finds the client gone, and must end instead of streaming on.
            #expect(await eventually { responder.lateProducers.ended == 1 })
            #expect(responder.lateProducers.value == 0)
        }
    }

    @Test func backpressureLosesNoBytes() async throws {
        try await withServer { server in
            var total = 0
            for try await event in LoopbackHTTPClient.stream(port: server.port, method: "GET", path: "/big?mb=16", timeout: 30) {
                if case .chunk(let bytes) = event { total += bytes.count }
            }
            #expect(total == 16 * 1024 * 1024)
        }
    }

    @Test func gracefulShutdownEndsLiveStreamsCleanly() async throws {
        let responder = TestResponder()
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), responder: responder)
        try server.start()
        let port = server.port
        let firstChunk = Flag()
        let reader = Task {
            var chunks = 0
            for try await event in LoopbackHTTPClient.stream(port: port, method: "GET", path: "/forever") {
                if case .chunk = event {
                    chunks += 1
                    firstChunk.set()
                }
            }
            return chunks
        }
        #expect(await eventually { firstChunk.isSet })   // the stream is live
        await server.shutdown()
        let chunks = try await reader.value   // returns without error only if the terminator arrived
        #expect(chunks > 0)
        #expect(responder.producerCancelled.isSet)
    }

    @Test func portInUseIsAClearError() async throws {
        try await withServer { server in
            let second = HTTPServer(configuration: HTTPServerConfiguration(port: server.port), responder: TestResponder())
            let error = #expect(throws: HTTPServerError.self) { try second.start() }
            #expect(error?.description.contains("127.0.0.1:\(server.port)") == true)
        }
    }

    @Test func manyConcurrentRequests() async throws {
        try await withServer { server in
            let port = server.port
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await LoopbackHTTPClient.request(port: port, path: index % 2 == 0 ? "/slow" : "/fast").status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 100 && statuses.allSatisfy { $0 == 200 })
        }
    }

    // Skipped, and reported as skipped, on machines without curl.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl"), "/usr/bin/curl is not installed"))
    func realCurlReadsAStream() async throws {
        try await withServer { server in
            let curl = try LaunchedProcess("curl", executable: URL(fileURLWithPath: "/usr/bin/curl"),
                                           arguments: ["-sN", "--max-time", "10", "http://127.0.0.1:\(server.port)/events?n=2"])
            #expect(try await curl.exitStatus() == 0, "\(curl.text)")
            #expect(curl.standardOutput == "data: 0\n\ndata: 1\n\n")
        }
    }
}
