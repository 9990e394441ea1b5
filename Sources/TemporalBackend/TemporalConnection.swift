import GRPCCore
import GRPCNIOTransportHTTP2
import TemporalProtos

/// One HTTP/2 connection to a Temporal frontend, shared by every call of a worker or client.
/// Calls are unary; long polls are unary calls the server holds for about a minute.
public final class TemporalConnection: Sendable {
    public typealias Service = Temporal_Api_Workflowservice_V1_WorkflowService.Client<HTTP2ClientTransport.Posix>

    public let settings: TemporalSettings
    let service: Service
    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    private let running: Task<Void, Never>

    /// How long a long poll may take: the server answers empty after about 60 s.
    static let pollTimeout: Duration = .seconds(70)
    /// How long any other call may take.
    static let callTimeout: Duration = .seconds(30)
    /// Full histories can be large: the limit SDKs use.
    static let maxMessageBytes = 128 << 20

    /// Opens the connection (lazily: the first call connects).
    /// - Throws: `TemporalError.badSetting` when the address cannot be used.
    public init(settings: TemporalSettings) throws {
        self.settings = settings
        let transport: HTTP2ClientTransport.Posix
        do {
            transport = try HTTP2ClientTransport.Posix(
                target: .dns(host: settings.host, port: settings.port), transportSecurity: .plaintext,
                config: .defaults { $0.connection.maxIdleTime = nil })
        } catch {
            throw TemporalError.badSetting("cannot use the Temporal address \(settings.address): \(error)")
        }
        let client = GRPCClient(transport: transport)
        self.client = client
        self.service = Service(wrapping: client)
        running = Task { try? await client.runConnections() }
    }

    /// Stops accepting calls, lets running ones finish, and closes the connection.
    public func close() async {
        client.beginGracefulShutdown()
        await running.value
    }

    /// Runs one call with a deadline and the raised message size; a gRPC error becomes a
    /// `TemporalError.call` that names the RPC and the address.
    func call<Result: Sendable>(_ rpc: String, timeout: Duration = callTimeout,
                                _ body: (Service, CallOptions) async throws -> Result) async throws -> Result {
        var options = CallOptions.defaults
        options.timeout = timeout
        options.maxResponseMessageBytes = Self.maxMessageBytes
        options.maxRequestMessageBytes = Self.maxMessageBytes
        options.waitForReady = false   // a frontend that is down fails the call at once, so callers can say so
        do {
            return try await body(service, options)
        } catch let error as RPCError {
            throw TemporalError.call(rpc: rpc, address: settings.address, code: "\(error.code)", message: error.message)
        }
    }
}

extension TemporalError {
    /// True for errors worth retrying after a pause: the frontend is unreachable or busy.
    var isTransient: Bool {
        guard case .call(_, _, let code, _) = self else { return false }
        return ["unavailable", "deadlineExceeded", "resourceExhausted", "aborted", "unknown", "internalError"].contains(code)
    }
}
