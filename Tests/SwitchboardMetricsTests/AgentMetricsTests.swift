import A2AProtocol
import AgentServer
import AgentTesting
import Foundation
import HTTPServerCore
import SwitchboardMetrics
import Testing

/// An agent server with `/metrics` on its own port: behind the token, counting its requests.
@Suite struct AgentMetricsTests {
    private struct EchoExecutor: AgentExecutor {
        func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
            AsyncThrowingStream { continuation in
                continuation.yield("echo: \(question)")
                continuation.finish()
            }
        }
    }

    /// Answers one chunk, then waits for `gate` before the last.
    private struct GatedExecutor: AgentExecutor {
        let gate: AsyncGate
        func answer(_ question: String, context: AgentExecutionContext) -> AsyncThrowingStream<String, any Error> {
            AsyncThrowingStream { continuation in
                continuation.yield("first ")
                Task {
                    await gate.wait()
                    continuation.yield("last")
                    continuation.finish()
                }
            }
        }
    }

    private func startAgent(_ registry: MetricsRegistry, token: String?) throws -> RunningAgentServer {
        var configuration = AgentServerConfiguration(bearerToken: token, rateLimit: nil)
        configuration.metrics = AgentServerMetrics(factory: registry.factory)
        configuration.metricsEndpoint = MetricsResponder(registry: registry)
        let server = try AgentServerFactory.start(
            identity: AgentIdentity(name: "Echo", description: "Echoes.", version: "1.0.0", skills: []),
            executor: EchoExecutor(), port: 0, configuration: configuration)
        registry.addSampler { await server.responder.sampleMetrics() }
        return server
    }

    private static let jsonHeaders = [("Content-Type", "application/json"), ("A2A-Version", "1.0")]

    private static func send(_ text: String, id: String) -> [UInt8] {
        Array(#"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"\#(id)","role":"ROLE_USER","parts":[{"text":"\#(text)"}]}}}"#.utf8)
    }

    @Test func metricsNeedTheTokenAndCountRequestsByMethodAndStatus() async throws {
        let registry = MetricsRegistry()
        let server = try startAgent(registry, token: "s3cret")
        let auth = [("Authorization", "Bearer s3cret")]
        let refused = try await LoopbackHTTPClient.request(port: server.port, path: "/metrics")
        #expect(refused.status == 401)
        let wrongMethod = try await LoopbackHTTPClient.request(port: server.port, method: "DELETE", path: "/metrics", headers: auth)
        #expect(wrongMethod.status == 405)
        let sent = try await LoopbackHTTPClient.request(
            port: server.port, method: "POST", path: "/", headers: auth + Self.jsonHeaders, body: Self.send("hello", id: "m-1"))
        #expect(sent.status == 200 && sent.text.contains("echo: hello"), "\(sent.text)")
        let card = try await LoopbackHTTPClient.request(port: server.port, path: A2AAgentResponder.cardPath)
        #expect(card.status == 200)
        let scraped = try await LoopbackHTTPClient.request(port: server.port, path: "/metrics", headers: auth)
        #expect(scraped.status == 200)
        #expect(scraped.headers["content-type"] == MetricsResponder.contentType)
        let text = scraped.text
        #expect(text.contains(#"switchboard_agent_requests_total{method="SendMessage",status="200"} 1"#), "\(text)")
        #expect(text.contains(#"switchboard_agent_requests_total{method="other",status="401"} 1"#), "\(text)")
        #expect(text.contains(#"switchboard_agent_requests_total{method="Metrics",status="405"} 1"#), "\(text)")
        #expect(text.contains(#"switchboard_agent_requests_total{method="GetAgentCard",status="200"} 1"#), "\(text)")
        #expect(text.contains(#"switchboard_agent_request_duration_seconds_count{method="SendMessage"} 1"#), "\(text)")
        #expect(text.contains("switchboard_agent_tasks 1.0"), "\(text)")
        await server.shutdown()
    }

    @Test func anOpenStreamIsCountedUntilItEnds() async throws {
        let registry = MetricsRegistry()
        let gate = AsyncGate()
        var configuration = AgentServerConfiguration(rateLimit: nil)
        configuration.metrics = AgentServerMetrics(factory: registry.factory)
        configuration.metricsEndpoint = MetricsResponder(registry: registry)
        let server = try AgentServerFactory.start(
            identity: AgentIdentity(name: "Gated", description: "Waits.", version: "1.0.0", skills: []),
            executor: GatedExecutor(gate: gate), port: 0, configuration: configuration)
        let body = Array(String(decoding: Self.send("hi", id: "s-1"), as: UTF8.self)
            .replacingOccurrences(of: "\"SendMessage\"", with: "\"SendStreamingMessage\"").utf8)
        let stream = LoopbackHTTPClient.stream(port: server.port, path: "/", headers: Self.jsonHeaders, body: body)
        var iterator = stream.makeAsyncIterator()
        guard case .head(let head)? = try await iterator.next() else { Issue.record("no response head"); return }
        #expect(head.status == 200 && head.headers["content-type"]?.hasPrefix("text/event-stream") == true)
        func scrape() async throws -> String {
            try await LoopbackHTTPClient.request(port: server.port, path: "/metrics").text
        }
        let open = try await eventually { try await scrape().contains("switchboard_agent_open_streams 1.0") }
        #expect(open, "the open stream was not counted")
        gate.open()
        while try await iterator.next() != nil {}
        let closed = try await eventually { try await scrape().contains("switchboard_agent_open_streams 0.0") }
        #expect(closed, "the stream's gauge did not go back to 0")
        #expect(try await scrape().contains(#"switchboard_agent_requests_total{method="SendStreamingMessage",status="200"} 1"#))
        await server.shutdown()
    }

    @Test func rateLimitedRequestsAreCountedAndScrapesAreNotLimited() async throws {
        let registry = MetricsRegistry()
        var configuration = AgentServerConfiguration(rateLimit: 0.001, rateLimitBurst: 1)
        configuration.metrics = AgentServerMetrics(factory: registry.factory)
        configuration.metricsEndpoint = MetricsResponder(registry: registry)
        let server = try AgentServerFactory.start(
            identity: AgentIdentity(name: "Echo", description: "Echoes.", version: "1.0.0", skills: []),
            executor: EchoExecutor(), port: 0, configuration: configuration)
        let version = [("A2A-Version", "1.0")]
        let first = try await LoopbackHTTPClient.request(port: server.port, path: "/tasks", headers: version)
        #expect(first.status == 200, "\(first.text)")
        let second = try await LoopbackHTTPClient.request(port: server.port, path: "/tasks", headers: version)
        #expect(second.status == 429)
        // Scrapes are not rate limited.
        let text = try await LoopbackHTTPClient.request(port: server.port, path: "/metrics").text
        #expect(text.contains("switchboard_agent_rate_limited_requests_total 1"), "\(text)")
        #expect(text.contains(#"switchboard_agent_requests_total{method="other",status="429"} 1"#), "\(text)")
        await server.shutdown()
    }
}
