import Foundation
import GRPCCore
import Synchronization
import GRPCNIOTransportHTTP2
import TemporalProtos

/// The HTTP/2 connection to a Temporal frontend, shared by every call of a worker or client.
/// Calls are unary; long polls are unary calls the server holds for about a minute.
///
/// The connection is replaced by a fresh one every `callsPerConnection` calls: swift-nio-http2
/// counts a "glitch" for each RST_STREAM that Temporal's Go server sends after a unary response,
/// and closes the connection (failing every call on it) at its 200th, a limit that
/// grpc-swift-nio-transport 2.9.2 does not let a client raise. The old connection is shut down
/// gracefully: calls already on it finish there.
public final class TemporalConnection: Sendable {
    public typealias Service = Temporal_Api_Workflowservice_V1_WorkflowService.Client<HTTP2ClientTransport.Posix>

    public let settings: TemporalSettings
    public let tuning: Tuning

    /// One gRPC client over one HTTP/2 connection, and the task that runs it.
    private struct Channel {
        let client: GRPCClient<HTTP2ClientTransport.Posix>
        let service: Service
        let running: Task<Void, Never>
        var calls = 0
    }

    private struct State {
        var current: Channel
        /// Connections shutting down after their last calls, by a number of their own.
        var retired: [Int: Task<Void, Never>] = [:]
        var retiredCount = 0
        var closed = false
    }

    private let state: Mutex<State>
    /// TLS as the settings ask, with its files read once for every connection.
    private let transportSecurity: HTTP2ClientTransport.Posix.TransportSecurity
    private let interceptors: [any ClientInterceptor]

    /// How long a long poll may take: the server answers empty after about 60 s.
    static let pollTimeout: Duration = .seconds(70)
    /// How long any other call may take.
    static let callTimeout: Duration = .seconds(30)
    /// Full histories can be large: the limit SDKs use.
    static let maxMessageBytes = 128 << 20
    /// Calls started on one connection before the next call opens a new one (see above).
    static let callsPerConnection = 100

    /// Opens the connection (lazily: the first call connects).
    /// - Throws: `TemporalError.badSetting` when the address cannot be used, or a TLS file
    ///   cannot be read or used (the error names it).
    public init(settings: TemporalSettings, tuning: Tuning = Tuning()) throws {
        self.settings = settings
        self.tuning = tuning
        transportSecurity = try settings.security.transportSecurity()
        interceptors = settings.security.apiKey.map { [APIKeyInterceptor(apiKey: $0)] } ?? []
        state = Mutex(State(current: try Self.open(settings, tuning: tuning, security: transportSecurity, interceptors: interceptors)))
    }

    private static func open(_ settings: TemporalSettings, tuning: Tuning,
                             security: HTTP2ClientTransport.Posix.TransportSecurity,
                             interceptors: [any ClientInterceptor]) throws -> Channel {
        let transport: HTTP2ClientTransport.Posix
        do {
            transport = try HTTP2ClientTransport.Posix(
                target: target(host: settings.host, port: settings.port), transportSecurity: security,
                config: .defaults {
                    $0.connection.maxIdleTime = nil
                    if !tuning.flushCoalescing { $0.connection.flushCoalescing = nil }
                    if !tuning.deadlinesOnQuickCalls {
                        $0.connection.keepalive = HTTP2ClientTransport.Config.Keepalive(time: .seconds(30), timeout: .seconds(10),
                                                                                    allowWithoutCalls: true)
                    }
                    if let name = settings.security.serverName { $0.http2.authority = name }
                })
        } catch {
            let security = settings.security
            let files = [("CA file", security.caPath), ("client certificate", security.certPath), ("client key", security.keyPath)]
                .compactMap { name, path in path.map { "\(name) \($0)" } }
            throw TemporalError.badSetting(files.isEmpty
                ? "cannot use the Temporal address \(settings.address): \(error)"
                : "cannot set up TLS to \(settings.address) with the \(files.joined(separator: ", ")) "
                    + "(does the key belong to the certificate?): \(error)")
        }
        let client = GRPCClient(transport: transport, interceptors: interceptors)
        return Channel(client: client, service: Service(wrapping: client), running: Task { try? await client.runConnections() })
    }

    /// An IP address as itself, anything else as a DNS name. An IP address must not travel as
    /// a DNS target: its text would become the TLS SNI, which may not be an address.
    static func target(host: String, port: Int) -> any ResolvableTarget {
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return ResolvableTargets.IPv4.ipv4(address: host, port: port) }
        if inet_pton(AF_INET6, host, &v6) == 1 { return ResolvableTargets.IPv6.ipv6(address: host, port: port) }
        return ResolvableTargets.DNS.dns(host: host, port: port)
    }

    /// The service to make the next call on: the current connection's, or a fresh one's once it
    /// has carried `callsPerConnection` calls.
    private func nextService() -> Service {
        state.withLock { state in
            if state.current.calls >= Self.callsPerConnection, !state.closed,
               let fresh = try? Self.open(settings, tuning: tuning, security: transportSecurity, interceptors: interceptors) {
                let old = state.current
                old.client.beginGracefulShutdown()
                let number = state.retiredCount
                state.retiredCount += 1
                state.retired[number] = Task {
                    await old.running.value
                    _ = self.state.withLock { $0.retired.removeValue(forKey: number) }
                }
                state.current = fresh
            }
            state.current.calls += 1
            return state.current.service
        }
    }

    /// Stops accepting calls, lets running ones finish, and closes the connections.
    public func close() async {
        let (current, retired) = state.withLock { state in
            state.closed = true
            return (state.current, Array(state.retired.values))
        }
        current.client.beginGracefulShutdown()
        await current.running.value
        for task in retired { await task.value }
    }

    /// Runs one call with a deadline (`timeout`; the default one only when the tuning keeps
    /// deadlines on quick calls) and the raised message size; a gRPC error becomes a
    /// `TemporalError.call` that names the RPC and the address.
    func call<Result: Sendable>(_ rpc: String, timeout: Duration = callTimeout,
                                _ body: (Service, CallOptions) async throws -> Result) async throws -> Result {
        var options = CallOptions.defaults
        options.timeout = timeout != Self.callTimeout || tuning.deadlinesOnQuickCalls ? timeout : nil
        options.maxResponseMessageBytes = Self.maxMessageBytes
        options.maxRequestMessageBytes = Self.maxMessageBytes
        options.waitForReady = false   // a frontend that is down fails the call at once, so callers can say so
        do {
            return try await body(nextService(), options)
        } catch let error as RPCError {
            // A connection that failed (a TLS handshake, say) says why only in the cause.
            let message = error.cause.map { "\(error.message) (\(Self.describe($0)))" } ?? error.message
            throw TemporalError.call(rpc: rpc, address: settings.address, code: "\(error.code)", message: message)
        }
    }
}

extension TemporalConnection {
    /// Per-call costs a connection can trade for CPU; the defaults are the safe ones. For
    /// measuring each choice on its own (`SwitchboardBenchmarks temporal`, docs/performance.md).
    public struct Tuning: Sendable, Equatable {
        /// Batches the connection's writes for up to 100 µs (grpc-swift-nio-transport's default);
        /// off, each flush goes out at once, without an event-loop timer.
        public var flushCoalescing: Bool
        /// Gives calls other than long polls a client-side deadline (30 s), which grpc-swift runs
        /// as a timer task beside every call. Off, such calls have none and HTTP/2 keepalive pings
        /// (every 30 s, 10 s to answer) catch a connection that died instead.
        public var deadlinesOnQuickCalls: Bool

        public init(flushCoalescing: Bool = true, deadlinesOnQuickCalls: Bool = true) {
            self.flushCoalescing = flushCoalescing
            self.deadlinesOnQuickCalls = deadlinesOnQuickCalls
        }
    }

    /// An underlying error in words: an RPCError's message and its own cause, else the error itself.
    static func describe(_ error: any Error) -> String {
        guard let rpc = error as? RPCError else { return "\(error)" }
        return rpc.cause.map { "\(rpc.message): \(describe($0))" } ?? rpc.message
    }
}

extension TemporalError {
    /// True for errors worth retrying after a pause: the frontend is unreachable or busy.
    var isTransient: Bool {
        guard case .call(_, _, let code, _) = self else { return false }
        return ["unavailable", "deadlineExceeded", "resourceExhausted", "aborted", "unknown", "internalError"].contains(code)
    }

    /// True when our side of TLS refused the server: its certificate is not signed by a CA we
    /// trust or does not carry the name we expect. Settings, not an outage, cause that.
    var isTLSRejection: Bool {
        guard case .call(_, _, _, let message) = self else { return false }
        return message.contains("CERTIFICATE_VERIFY_FAILED") || message.contains("failedToValidateHostname")
    }
}
