import AgentTesting
import DurableEngine
import Foundation
import HTTPServerCore
import Testing
@testable import TemporalBackend

/// TLS, mTLS and the API key, through nginx terminating TLS in front of the dev server's
/// plaintext frontend (as Temporal Cloud's endpoint does), with certificates made by `openssl`.
@Suite("Temporal TLS", .serialized, .enabled(if: NginxGRPCProxy.tlsTestsUnavailableReason == nil,
                                              "\(NginxGRPCProxy.tlsTestsUnavailableReason ?? "")"))
struct TemporalTLSTests {
    static let certificates = Task { try await TestCertificates.make() }

    /// Runs the Greeting workflow with a worker and a client in this process, both connected with `security`.
    func greet(_ name: String, through proxy: NginxGRPCProxy, security: TemporalSecurity) async throws -> String {
        let settings = try TemporalSettings(address: proxy.address, taskQueue: "tls-\(UUID().uuidString.prefix(8))",
                                            security: security)
        let connection = try TemporalConnection(settings: settings)
        let client = TemporalWorkflowClient(connection: connection)
        // One call first: a connection that cannot be made fails here, where a worker would retry.
        _ = try await client.list(pageSize: 1)
        let worker = TemporalWorker(connection: connection, workflows: [GreetingWorkflow()], activities: FixtureActivities.registry())
        let running = Task { try await worker.run() }
        defer { worker.shutdown() }
        #expect(await worker.waitUntilReady())
        let run = try await client.start(GreetingWorkflow.self, input: name)
        let result = try await client.result(workflowID: run.workflowID, as: String.self, timeout: .seconds(30))
        worker.shutdown()
        try await running.value
        await connection.close()
        return result
    }

    /// The error of one call with `security`, and how long it took to come.
    func failure(_ address: String, _ security: TemporalSecurity) async throws -> (String, Duration) {
        let connection = try TemporalConnection(settings: TemporalSettings(address: address, security: security))
        let start = ContinuousClock.now
        do {
            _ = try await TemporalWorkflowClient(connection: connection).list(pageSize: 1)
            await connection.close()
            return ("no error", ContinuousClock.now - start)
        } catch {
            await connection.close()
            return ("\(error)", ContinuousClock.now - start)
        }
    }

    @Test func aWorkflowRunsOverTLSTrustingTheGivenCA() async throws {
        let server = try await TemporalDevServer.shared()
        let certificates = try await Self.certificates.value
        let proxy = try await NginxGRPCProxy(upstream: server.address, certificates: certificates)
        #expect(try await greet("tls", through: proxy, security: TemporalSecurity(tls: true, caPath: certificates.caPath))
            == "Hello, tls!")
        await proxy.stop()
    }

    @Test func theServerNameIsWhatTheCertificateIsCheckedAgainst() async throws {
        let server = try await TemporalDevServer.shared()
        let certificates = try await Self.certificates.value
        // This certificate names temporal.test only: not the address the proxy listens on.
        let proxy = try await NginxGRPCProxy(upstream: server.address, certificates: certificates, serverCertificate: "named")
        #expect(try await greet("sni", through: proxy, security: TemporalSecurity(
            tls: true, caPath: certificates.caPath, serverName: "temporal.test")) == "Hello, sni!")
        for name in [nil, "elsewhere.test"] {
            let (message, _) = try await failure(proxy.address, TemporalSecurity(tls: true, caPath: certificates.caPath, serverName: name))
            #expect(message.contains("ListWorkflowExecutions") && message.contains("failedToValidateHostname"), "\(message)")
        }
        #expect(try await greet("anyname", through: proxy, security: TemporalSecurity(
            tls: true, caPath: certificates.caPath, disableHostVerification: true)) == "Hello, anyname!")
        await proxy.stop()
    }

    @Test func aCAThatDidNotSignTheServerFailsAtOnceAndSaysWhy() async throws {
        let server = try await TemporalDevServer.shared()
        let certificates = try await Self.certificates.value
        let proxy = try await NginxGRPCProxy(upstream: server.address, certificates: certificates)
        let (message, took) = try await failure(proxy.address, TemporalSecurity(tls: true, caPath: certificates.otherCAPath))
        #expect(message.contains("Temporal at \(proxy.address)") && message.contains("CERTIFICATE_VERIFY_FAILED"), "\(message)")
        #expect(took < .seconds(15), "the failed handshake took \(took)")
        // Plaintext to a TLS port fails too, and as quickly.
        let (plaintext, plainTook) = try await failure(proxy.address, TemporalSecurity())
        #expect(plaintext.contains("Temporal at \(proxy.address)"), "\(plaintext)")
        #expect(plainTook < .seconds(15), "plaintext against TLS took \(plainTook)")
        // A worker refusing the server's certificate at start-up stops and says why, instead of retrying.
        let worker = try TemporalEndToEndTests.launch("worker", ["worker", "--temporal-address", proxy.address,
                                                                 "--temporal-tls-ca-path", certificates.otherCAPath])
        #expect(try await worker.exitStatus(timeout: .seconds(30)) != 0)
        #expect(worker.text.contains("CERTIFICATE_VERIFY_FAILED"), "\(worker.text)")
        await proxy.stop()
    }

    @Test func mTLSSendsTheClientCertificateAndFailsClearlyWithoutIt() async throws {
        let server = try await TemporalDevServer.shared()
        let certificates = try await Self.certificates.value
        let proxy = try await NginxGRPCProxy(upstream: server.address, certificates: certificates, requireClientCertificate: true)
        let mutual = TemporalSecurity(tls: true, caPath: certificates.caPath, certPath: certificates.clientCertPath,
                                      keyPath: certificates.clientKeyPath)
        #expect(try await greet("mtls", through: proxy, security: mutual) == "Hello, mtls!")
        let (message, took) = try await failure(proxy.address, TemporalSecurity(tls: true, caPath: certificates.caPath))
        #expect(message.contains("ListWorkflowExecutions") && message.contains("permissionDenied"), "\(message)")
        #expect(took < .seconds(15))
        await proxy.stop()
    }

    @Test func theAPIKeyReachesTheProxyAsABearerToken() async throws {
        let server = try await TemporalDevServer.shared()
        let certificates = try await Self.certificates.value
        let proxy = try await NginxGRPCProxy(upstream: server.address, certificates: certificates, apiKey: "sb-test-key-1")
        // As the temporal CLI does, an API key turns TLS on by itself.
        let security = try TemporalSecurity.resolve(caPath: certificates.caPath, apiKey: "sb-test-key-1", environment: [:])
        #expect(security.tls)
        #expect(try await greet("key", through: proxy, security: security) == "Hello, key!")
        #expect(proxy.authorizationLog.contains("Bearer sb-test-key-1"), "\(proxy.authorizationLog)")
        let (message, _) = try await failure(proxy.address, TemporalSecurity(tls: true, caPath: certificates.caPath, apiKey: "wrong"))
        #expect(message.contains("unauthenticated"), "\(message)")
        await proxy.stop()
    }

    @Test func routesAQuestionOverTLSWithTheTemporalCLIsVariables() async throws {
        let server = try await TemporalDevServer.shared()
        let certificates = try await Self.certificates.value
        let proxy = try await NginxGRPCProxy(upstream: server.address, certificates: certificates, requireClientCertificate: true,
                                             apiKey: "sb-cli-key")
        // The worker takes flags; the route command takes the temporal CLI's variables.
        let flags = ["--temporal-address", proxy.address, "--task-queue", "tls-route-\(UUID().uuidString.prefix(8))"]
        let hrPort = try LoopbackPort.free(), faqPort = try LoopbackPort.free()
        let hr = try TemporalEndToEndTests.launch("hr", ["agent", "hr", "--port", "\(hrPort)"])
        let faq = try TemporalEndToEndTests.launch("faq", ["agent", "faq", "--port", "\(faqPort)"])
        try await hr.waitFor("listening")
        try await faq.waitFor("listening")
        let worker = try TemporalEndToEndTests.launch("worker", ["worker"] + flags + [
            "--temporal-tls-ca-path", certificates.caPath, "--temporal-tls-cert-path", certificates.clientCertPath,
            "--temporal-tls-key-path", certificates.clientKeyPath, "--temporal-api-key", "sb-cli-key",
            "--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)",
        ])
        try await worker.waitFor("ready on Temporal")
        let route = try TemporalEndToEndTests.launch("route", ["route"] + flags + ["How many sick days do I get?"], environment: [
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH": certificates.caPath, "TEMPORAL_TLS_CLIENT_CERT_PATH": certificates.clientCertPath,
            "TEMPORAL_TLS_CLIENT_KEY_PATH": certificates.clientKeyPath, "TEMPORAL_API_KEY": "sb-cli-key",
        ])
        #expect(try await route.exitStatus() == 0, "\(route.text)")
        #expect(route.standardOutput.contains("[routed to HR]") && route.standardOutput.contains("10 days"), "\(route.text)")
        for process in [worker, faq, hr] { _ = await process.stop() }
        await proxy.stop()
    }

    @Test func badTLSFilesAreNamed() async throws {
        let certificates = try await Self.certificates.value
        let notPEM = certificates.path("server.ext")
        let cases: [(TemporalSecurity, String)] = [
            (TemporalSecurity(tls: true, caPath: "/no/such/ca.pem"), "cannot read the TLS CA file /no/such/ca.pem: no such file"),
            (TemporalSecurity(tls: true, caPath: notPEM), "the TLS CA file \(notPEM)"),
            (TemporalSecurity(tls: true, certPath: certificates.clientCertPath, keyPath: notPEM), "the TLS client key \(notPEM)"),
            (TemporalSecurity(tls: true, certPath: notPEM, keyPath: certificates.clientKeyPath), "the TLS client certificate \(notPEM)"),
        ]
        for (security, expected) in cases {
            let error = #expect(throws: TemporalError.self) {
                try TemporalConnection(settings: TemporalSettings(address: "127.0.0.1:7233", security: security))
            }
            #expect("\(error.map { "\($0)" } ?? "")".contains(expected), "\(String(describing: error))")
        }
        // A certificate whose key is another's: named when the TLS context is made.
        let mismatched = TemporalSecurity(tls: true, certPath: certificates.clientCertPath, keyPath: certificates.serverKeyPath)
        let error = #expect(throws: TemporalError.self) {
            try TemporalConnection(settings: TemporalSettings(address: "127.0.0.1:7233", security: mismatched))
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains(certificates.serverKeyPath), "\(String(describing: error))")
        // From the command line, before any connection.
        let list = try TemporalEndToEndTests.launch("list", ["workflow", "list", "--temporal-address", "127.0.0.1:1",
                                                             "--temporal-tls-ca-path", "/no/such/ca.pem"])
        #expect(try await list.exitStatus() != 0)
        #expect(list.text.contains("/no/such/ca.pem"), "\(list.text)")
    }

    @Test func theSettingsFollowTheTemporalCLIsRules() throws {
        let plain = try TemporalSecurity.resolve(environment: [:])
        #expect(!plain.tls && !plain.isConfigured)
        #expect(try TemporalSecurity.resolve(environment: ["TEMPORAL_API_KEY": "k"]).tls)
        #expect(try TemporalSecurity.resolve(environment: ["TEMPORAL_TLS_SERVER_CA_CERT_PATH": "/ca.pem"]).tls)
        #expect(try TemporalSecurity.resolve(environment: ["TEMPORAL_TLS": "true"]).tls)
        // Turned off explicitly, an API key goes over plaintext (a local proxy, say).
        let keyOverPlaintext = try TemporalSecurity.resolve(environment: ["TEMPORAL_API_KEY": "k", "TEMPORAL_TLS": "false"])
        #expect(!keyOverPlaintext.tls && keyOverPlaintext.apiKey == "k")
        #expect(throws: TemporalError.self) { try TemporalSecurity.resolve(environment: ["TEMPORAL_TLS": "maybe"]) }
        #expect(throws: TemporalError.self) { try TemporalSecurity.resolve(certPath: "/c.pem", environment: [:]) }
        #expect(throws: TemporalError.self) { try TemporalSecurity.resolve(keyPath: "/k.pem", environment: [:]) }
        #expect(throws: TemporalError.self) { try TemporalSecurity.resolve(apiKey: "a\nb", environment: [:]) }
        #expect(throws: TemporalError.self) {
            try TemporalSecurity.resolve(caPath: "/ca.pem", environment: ["TEMPORAL_TLS": "false"])
        }
        // The flags need an address; the variables alone (set for other tools) do not.
        #expect(throws: TemporalError.self) {
            try TemporalSettings.resolve(address: nil, namespace: nil, taskQueue: nil, security: TemporalSecurity(tls: true), environment: [:])
        }
        #expect(try TemporalSettings.resolve(address: nil, namespace: nil, taskQueue: nil, environment: ["TEMPORAL_API_KEY": "k"]) == nil)
        let resolved = try TemporalSettings.resolve(address: "127.0.0.1:7233", namespace: nil, taskQueue: nil,
                                                    environment: ["TEMPORAL_API_KEY": "k", "TEMPORAL_TLS_SERVER_NAME": "x.test"])
        #expect(resolved?.security == TemporalSecurity(tls: true, serverName: "x.test", apiKey: "k"))
    }
}
