import AgentServer
import AgentTesting
import CoreMetrics
import HTTPServerCore
import SwitchboardMetrics
import Testing

/// The metrics module on its own: metrics made through a registry's factory come out of
/// `/metrics` in the Prometheus text format, read back by the official Python parser.
@Suite struct MetricsEndpointTests {
    @Test func metricsMadeThroughTheFactoryAreServedInTheTextFormat() async throws {
        let registry = MetricsRegistry()
        let requests = Counter(label: "test_requests_total", dimensions: [("method", "GET")], factory: registry.factory)
        let latency = CoreMetrics.Timer(label: "test_latency_seconds", factory: registry.factory)
        let open = Meter(label: "test_open", factory: registry.factory)
        requests.increment(by: 3)
        latency.recordMilliseconds(3)
        latency.recordMilliseconds(700)
        open.increment()
        open.increment()
        open.decrement()
        let server = try MetricsServer.start(registry: registry, port: 0)
        defer { Task { await server.shutdown() } }
        let response = try await LoopbackHTTPClient.request(port: server.port, path: "/metrics")
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == MetricsResponder.contentType)
        #expect(response.text.contains("# TYPE test_requests_total counter"), "\(response.text)")
        #expect(response.text.contains(#"test_requests_total{method="GET"} 3"#), "\(response.text)")
        #expect(response.text.contains("test_latency_seconds_count 2"), "\(response.text)")
        // 3 ms is under the 5 ms bucket, 700 ms is not.
        #expect(response.text.contains(#"test_latency_seconds_bucket{le="0.005"} 1"#), "\(response.text)")
        #expect(response.text.contains("test_open 1.0"), "\(response.text)")
    }

    @Test(.enabled(if: PrometheusText.isAvailable, Comment(rawValue: PrometheusText.unavailableReason)))
    func theOfficialParserReadsTheOutput() async throws {
        let registry = MetricsRegistry()
        _ = AgentServerMetrics(factory: registry.factory)
        Counter(label: "test_escaped_total", dimensions: [("path", #"a "quoted" \ value"#)], factory: registry.factory)
            .increment()
        CoreMetrics.Timer(label: "test_latency_seconds", factory: registry.factory).recordMilliseconds(20)
        let parsed = try await PrometheusText(parsing: String(decoding: await registry.render(), as: UTF8.self))
        #expect(parsed.sum("test_escaped_total", ["path": #"a "quoted" \ value"#]) == 1)
        #expect(parsed.sum("test_latency_seconds_count") == 1)
        #expect(abs(parsed.sum("test_latency_seconds_sum") - 0.02) < 1e-9)
        #expect(parsed.sum("test_latency_seconds_bucket", ["le": "0.025"]) == 1)
        #expect(parsed.sum("test_latency_seconds_bucket", ["le": "0.01"]) == 0)
        // Every agent series exists from the start, at 0, so that rates start at the first scrape.
        #expect(parsed.has("switchboard_agent_requests_total"))
        #expect(parsed.sum("switchboard_agent_requests_total", ["method": "SendMessage", "status": "200"]) == 0)
        #expect(parsed.samples.first { $0.name == "switchboard_agent_request_duration_seconds_count" }?.type == "histogram")
    }

    @Test func samplersRunBeforeEachRender() async throws {
        let registry = MetricsRegistry()
        let gauge = Meter(label: "test_sampled", factory: registry.factory)
        let counter = Counter(label: "test_sampler_runs_total", factory: registry.factory)
        registry.addSampler {
            counter.increment()
            gauge.set(42)
        }
        _ = await registry.render()
        let text = String(decoding: await registry.render(), as: UTF8.self)
        #expect(text.contains("test_sampled 42.0"), "\(text)")
        #expect(text.contains("test_sampler_runs_total 2"), "\(text)")
    }

    @Test func otherMethodsAndPathsAreRefused() async throws {
        let server = try MetricsServer.start(registry: MetricsRegistry(), port: 0)
        defer { Task { await server.shutdown() } }
        let post = try await LoopbackHTTPClient.request(port: server.port, method: "POST", path: "/metrics", body: Array("x".utf8))
        #expect(post.status == 405)
        #expect(post.headers["allow"] == "GET, HEAD")
        let other = try await LoopbackHTTPClient.request(port: server.port, path: "/")
        #expect(other.status == 404)
        #expect(other.text.contains("/metrics"))
    }

    @Test func aBadPortIsNamedInTheError() async throws {
        let taken = try MetricsServer.start(registry: MetricsRegistry(), port: 0)
        defer { Task { await taken.shutdown() } }
        #expect {
            _ = try MetricsServer.start(registry: MetricsRegistry(), port: taken.port)
        } throws: { error in
            "\(error)".hasPrefix("--metrics-port \(taken.port): cannot listen on 127.0.0.1:\(taken.port)")
        }
        #expect {
            _ = try MetricsServer.start(registry: MetricsRegistry(), port: 70_000)
        } throws: { error in
            "\(error)" == "--metrics-port 70000: must be between 0 and 65535"
        }
    }
}
