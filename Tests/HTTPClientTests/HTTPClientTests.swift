import AgentTesting
import Foundation
import HTTPServerCore
import Synchronization
import Testing
@testable import HTTPClient

@Suite(.timeLimit(.minutes(2)))
struct HTTPClientTests {
    @Test func getWholeResponse() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let response = try await client.execute(HTTPClientRequest(url: server.url("/fast")))
        #expect(response.status == 200)
        #expect(response.text == "fast")
        #expect(response.headers["content-length"] == "4")
    }

    @Test func postSendsBodyMethodAndHeaders() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let body: [UInt8] = [0x7B, 0x00, 0xFF, 0x7D]  // binary, with a NUL
        for method: HTTPClientRequest.Method in [.post, .put, .patch, .delete] {
            let response = try await client.execute(HTTPClientRequest(
                url: server.url("/echo"), method: method,
                headers: ["X-Test": "yes", "Content-Type": "application/json"], body: body))
            #expect(response.status == 200)
            #expect(response.body == body)
            #expect(response.headers["X-Method"] == method.rawValue)
            #expect(response.headers["X-Header"] == "yes")
            #expect(response.headers["X-Content-Type"] == "application/json")
        }
    }

    @Test func errorStatusesAreResponses() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        for code in [400, 401, 404, 429, 500, 503] {
            let response = try await client.execute(HTTPClientRequest(url: server.url("/status?code=\(code)")))
            #expect(response.status == code)
            #expect(response.text == "status \(code)")
            #expect(response.headers["retry-after"] == "3")
        }
    }

    @Test func streamsServerSentEventsAsTheyArrive() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let stream = try await client.stream(HTTPClientRequest(url: server.url("/sse?n=5&ms=20")))
        #expect(stream.status == 200)
        #expect(stream.headers["Content-Type"] == "text/event-stream")
        var received: [SSEEvent] = []
        for try await event in stream.events() { received.append(event) }
        #expect(received.map(\.data) == (0..<5).map { "event \($0)" })
        #expect(received.last?.id == "4")
    }

    @Test func streamHeadArrivesBeforeTheBody() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        // The server sends its head, then nothing: stream() must return anyway.
        let stream = try await client.stream(HTTPClientRequest(url: server.url("/headers-then-stall?ms=0")))
        #expect(stream.status == 200)
        #expect(stream.headers["content-type"] == "text/event-stream")
    }

    @Test func connectionRefusedIsRetryable() async throws {
        let port = try { try UnresponsiveListener().port }()   // the listener is closed again: nothing listens on `port`
        let client = HTTPClient()
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPClientRequest(url: URL(string: "http://127.0.0.1:\(port)/")!))
        }
        guard case .connectFailed = error else { Issue.record("expected connectFailed, got \(String(describing: error))"); return }
        #expect(error?.isRetryable == true)
    }

    @Test func connectTimeout() async throws {
        let listener = try UnresponsiveListener()
        defer { withExtendedLifetime(listener) {} }
        let client = HTTPClient()
        let request = HTTPClientRequest(url: URL(string: "http://127.0.0.1:\(listener.port)/")!,
                                        connectTimeout: .milliseconds(300), totalTimeout: .seconds(20))
        let error = await #expect(throws: HTTPClientError.self) { _ = try await client.execute(request) }
        #expect(error == .timedOut(.connect))
        #expect(error?.isRetryable == true)
    }

    @Test func totalTimeout() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let request = HTTPClientRequest(url: server.url("/slow?ms=5000"), totalTimeout: .milliseconds(300))
        let error = await #expect(throws: HTTPClientError.self) { _ = try await client.execute(request) }
        #expect(error == .timedOut(.total))
    }

    @Test func streamIdleTimeoutButNoTotalDeadline() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient(configuration: .init(totalTimeout: .milliseconds(200)))
        // 12 events 150 ms apart outlast the client's total timeout: streams have none.
        let stream = try await client.stream(HTTPClientRequest(url: server.url("/sse?n=12&ms=150"), idleTimeout: .seconds(2)))
        var count = 0
        for try await _ in stream.events() { count += 1 }
        #expect(count == 12)

        // Silence after the first event: the idle timeout ends it.
        let stalled = try await client.stream(HTTPClientRequest(url: server.url("/stall"), idleTimeout: .seconds(1)))
        var iterator = stalled.events().makeAsyncIterator()
        #expect(try await iterator.next()?.data == "first")
        await #expect(throws: HTTPClientError.timedOut(.idle)) { _ = try await iterator.next() }
        #expect(await eventually { server.routes.events.streamsClosedByClient.load(ordering: .relaxed) == 1 })
    }

    @Test func defaultIdleTimeoutIsAtLeastAMinute() {
        #expect(HTTPClientConfiguration().idleTimeout >= .seconds(60))
    }

    @Test func cancellingTheTaskAbortsAStream() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let firstEvent = Atomic<Bool>(false)
        let reader = Task {
            let stream = try await client.stream(HTTPClientRequest(url: server.url("/stall")))
            for try await _ in stream.events() { firstEvent.store(true, ordering: .relaxed) }
        }
        #expect(await eventually { firstEvent.load(ordering: .relaxed) })
        reader.cancel()
        _ = await reader.result   // ends, by an error or by the end of the sequence
        // The server saw the client go away.
        #expect(await eventually { server.routes.events.streamsClosedByClient.load(ordering: .relaxed) == 1 })
    }

    @Test func droppingAStreamUnreadAbortsIt() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        do {
            let stream = try await client.stream(HTTPClientRequest(url: server.url("/stall")))
            #expect(stream.status == 200)
        }
        #expect(await eventually { server.routes.events.streamsClosedByClient.load(ordering: .relaxed) == 1 })
    }

    @Test func cancellingAPlainRequestAbortsIt() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let task = Task { try await client.execute(HTTPClientRequest(url: server.url("/slow?ms=20000"))) }
        #expect(await eventually { server.routes.events.requests.load(ordering: .relaxed) == 1 })
        let started = ContinuousClock.now
        task.cancel()
        let result = await task.result
        #expect(throws: HTTPClientError.cancelled) { try result.get() }
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func alreadyCancelledTaskDoesNotSend() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await client.execute(HTTPClientRequest(url: server.url("/fast")))
        }
        let result = await task.result
        #expect(throws: HTTPClientError.cancelled) { try result.get() }
    }

    @Test func droppedConnectionMidStreamIsAnError() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let stream = try await client.stream(HTTPClientRequest(url: server.url("/drop")))
        var iterator = stream.events().makeAsyncIterator()
        #expect(try await iterator.next()?.data == "partial")
        let error = await #expect(throws: HTTPClientError.self) { _ = try await iterator.next() }
        guard case .connectionLost = error else { Issue.record("expected connectionLost, got \(String(describing: error))"); return }
        #expect(error?.isRetryable == true)
    }

    @Test func bodyLimit() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient(configuration: .init(maxResponseBodySize: 1000))
        let fine = try await client.execute(HTTPClientRequest(url: server.url("/big?bytes=1000")))
        #expect(fine.body.count == 1000)
        await #expect(throws: HTTPClientError.responseTooLarge(limit: 1000)) {
            _ = try await client.execute(HTTPClientRequest(url: server.url("/big?bytes=1001")))
        }
    }

    @Test func invalidInputIsRejectedUpFront() async throws {
        let client = HTTPClient()
        await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPClientRequest(url: URL(string: "ftp://example.com/x")!))
        }
        await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPClientRequest(url: URL(string: "/relative")!))
        }
        await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPClientRequest(url: URL(string: "http://127.0.0.1:1/")!,
                                                           headers: ["X-Evil": "a\r\nInjected: 1"]))
        }
    }

    @Test func unresolvableHost() async throws {
        let client = HTTPClient()
        let error = await #expect(throws: HTTPClientError.self) {
            _ = try await client.execute(HTTPClientRequest(url: URL(string: "http://no-such-host.invalid/")!,
                                                           totalTimeout: .seconds(15)))
        }
        switch error {
        case .resolveFailed, .connectFailed, .timedOut: #expect(error?.isRetryable == true)
        default: Issue.record("unexpected \(String(describing: error))")
        }
    }

    @Test func thousandParallelRequests() async throws {
        let server = try TestServer()
        defer { Task { await server.stop() } }
        let client = HTTPClient()
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<1000 {
                group.addTask {
                    let path = index.isMultiple(of: 2) ? "/fast" : "/slow?ms=5"
                    return try await client.execute(HTTPClientRequest(url: server.url(path))).status
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.count == 1000)
        #expect(statuses.allSatisfy { $0 == 200 })
    }

    @Test func secretsStayOutOfDescriptions() {
        let request = HTTPClientRequest(url: URL(string: "https://user:pw@api.example.com/v1?api-key=SECRET")!,
                                        headers: ["Authorization": "Bearer SECRET"])
        #expect(!request.description.contains("SECRET"))
        #expect(!request.description.contains("pw"))
        #expect(!request.headers.description.contains("SECRET"))
    }
}
