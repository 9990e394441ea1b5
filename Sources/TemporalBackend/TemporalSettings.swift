import DurableEngine
import Foundation

/// Where the Temporal frontend is and which namespace and task queue to use.
public struct TemporalSettings: Sendable, Equatable {
    /// The variable the `temporal` CLI reads for the frontend address.
    public static let addressVariable = "TEMPORAL_ADDRESS"
    /// The variable the `temporal` CLI reads for the namespace.
    public static let namespaceVariable = "TEMPORAL_NAMESPACE"
    public static let defaultNamespace = "default"
    public static let defaultTaskQueue = "switchboard"

    public var host: String
    public var port: Int
    public var namespace: String
    public var taskQueue: String
    /// Shown in the history and the UI as the worker or client; `pid@host` by default.
    public var identity: String
    /// Encrypts every payload sent to Temporal and decrypts what comes back, when it has a key
    /// (`SWITCHBOARD_ENCRYPTION_KEY`); plain otherwise.
    public var codec: PayloadCodec
    /// TLS, mTLS and the API key; plaintext by default.
    public var security: TemporalSecurity

    /// - Throws: `TemporalError.badSetting` when the address is not `HOST:PORT` or a name is empty.
    public init(address: String, namespace: String = defaultNamespace, taskQueue: String = defaultTaskQueue,
                identity: String? = nil, codec: PayloadCodec = PayloadCodec(keyBytes: nil),
                security: TemporalSecurity = TemporalSecurity()) throws {
        let (host, port) = try Self.parse(address: address)
        guard !namespace.isEmpty, namespace.utf8.count <= 255 else {
            throw TemporalError.badSetting("the namespace must have 1 to 255 bytes")
        }
        guard !taskQueue.isEmpty, taskQueue.utf8.count <= 1000 else {
            throw TemporalError.badSetting("the task queue name must have 1 to 1000 bytes")
        }
        self.host = host
        self.port = port
        self.namespace = namespace
        self.taskQueue = taskQueue
        self.identity = identity ?? "\(getpid())@\(ProcessInfo.processInfo.hostName)"
        self.codec = codec
        self.security = security
    }

    /// `HOST:PORT` as given.
    public var address: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Settings from the flags, else `TEMPORAL_ADDRESS` and `TEMPORAL_NAMESPACE`; nil when no
    /// address is set anywhere (the embedded SQLite engine is used then). `security` holds the
    /// TLS and API key flags (resolved here against the environment's variables).
    public static func resolve(address: String?, namespace: String?, taskQueue: String?, identity: String? = nil,
                               codec: PayloadCodec = PayloadCodec(keyBytes: nil), security: TemporalSecurity = TemporalSecurity(),
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TemporalSettings? {
        guard let address = address ?? environment[addressVariable].flatMap({ $0.isEmpty ? nil : $0 }) else {
            if namespace != nil || taskQueue != nil {
                throw TemporalError.badSetting("--namespace and --task-queue need a Temporal address (--temporal-address or \(addressVariable))")
            }
            if security.isConfigured {
                throw TemporalError.badSetting("the Temporal TLS and API key flags need a Temporal address (--temporal-address or \(addressVariable))")
            }
            return nil
        }
        return try TemporalSettings(
            address: address, namespace: namespace ?? environment[namespaceVariable].flatMap { $0.isEmpty ? nil : $0 } ?? defaultNamespace,
            taskQueue: taskQueue ?? defaultTaskQueue, identity: identity, codec: codec,
            security: TemporalSecurity.resolve(
                tls: security.tls ? true : nil, caPath: security.caPath, certPath: security.certPath, keyPath: security.keyPath,
                serverName: security.serverName, disableHostVerification: security.disableHostVerification ? true : nil,
                apiKey: security.apiKey, environment: environment))
    }

    static func parse(address: String) throws -> (String, Int) {
        let problem = TemporalError.badSetting("the Temporal address must be HOST:PORT (e.g. 127.0.0.1:7233), not \"\(address)\"")
        var host: Substring
        let portText: Substring
        if address.hasPrefix("[") {
            guard let close = address.firstIndex(of: "]"), address[address.index(after: close)...].hasPrefix(":") else { throw problem }
            host = address[address.index(after: address.startIndex)..<close]
            portText = address[address.index(close, offsetBy: 2)...]
        } else {
            guard let colon = address.lastIndex(of: ":"), !address[..<colon].contains(":") else { throw problem }
            host = address[..<colon]
            portText = address[address.index(after: colon)...]
        }
        host = host.trimmingCharacters(in: .whitespaces)[...]
        guard !host.isEmpty, !host.contains("/"), let port = Int(portText), (1...65_535).contains(port) else { throw problem }
        return (String(host), port)
    }
}
