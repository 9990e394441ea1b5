/// How the connection to the Temporal frontend is secured: TLS (with a CA of its own, a client
/// certificate and key for mTLS, a server name to verify), and an API key sent as a bearer token,
/// as Temporal Cloud needs. The flags and variables are the `temporal` CLI's.
public struct TemporalSecurity: Sendable, Equatable {
    /// The `temporal` CLI's variables for these settings.
    public enum Variable {
        public static let tls = "TEMPORAL_TLS"
        public static let caPath = "TEMPORAL_TLS_SERVER_CA_CERT_PATH"
        public static let certPath = "TEMPORAL_TLS_CLIENT_CERT_PATH"
        public static let keyPath = "TEMPORAL_TLS_CLIENT_KEY_PATH"
        public static let serverName = "TEMPORAL_TLS_SERVER_NAME"
        public static let disableHostVerification = "TEMPORAL_TLS_DISABLE_HOST_VERIFICATION"
        public static let apiKey = "TEMPORAL_API_KEY"
    }

    /// True: the connection is TLS.
    public var tls: Bool
    /// A PEM file of the CA certificates that sign the server's certificate (default: the system's).
    public var caPath: String?
    /// A PEM file of the client certificate (chain) for mTLS; needs `keyPath`.
    public var certPath: String?
    /// A PEM file of the client certificate's private key; needs `certPath`.
    public var keyPath: String?
    /// The name the server's certificate must carry, and the TLS SNI (default: the address's host).
    public var serverName: String?
    /// True: the server's certificate must be signed by a trusted CA, but may carry any name.
    public var disableHostVerification: Bool
    /// Sent on every call as `authorization: Bearer <key>`.
    public var apiKey: String?

    /// Plaintext, no API key: the dev server's set-up.
    public init(tls: Bool = false, caPath: String? = nil, certPath: String? = nil, keyPath: String? = nil,
                serverName: String? = nil, disableHostVerification: Bool = false, apiKey: String? = nil) {
        self.tls = tls
        self.caPath = caPath
        self.certPath = certPath
        self.keyPath = keyPath
        self.serverName = serverName
        self.disableHostVerification = disableHostVerification
        self.apiKey = apiKey
    }

    /// True when any setting was given (so it needs a Temporal address).
    public var isConfigured: Bool { self != TemporalSecurity() }

    /// The settings from the flags, else the `temporal` CLI's variables. As the CLI does, TLS is
    /// on when asked for, or when an API key or any TLS file or name is set, unless TLS was
    /// turned off explicitly (TEMPORAL_TLS=false: an API key over plaintext, e.g. to a local proxy).
    /// - Throws: `TemporalError.badSetting` for a TEMPORAL_TLS that is not a boolean, an empty
    ///   name, or a certificate without its key (or the reverse).
    public static func resolve(tls: Bool? = nil, caPath: String? = nil, certPath: String? = nil, keyPath: String? = nil,
                               serverName: String? = nil, disableHostVerification: Bool? = nil, apiKey: String? = nil,
                               environment: [String: String]) throws -> TemporalSecurity {
        func variable(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        func flag(_ name: String) throws -> Bool? {
            guard let text = variable(name) else { return nil }
            switch text.lowercased() {
            case "1", "true", "yes", "on": return true
            case "0", "false", "no", "off": return false
            default: throw TemporalError.badSetting("\(name) must be true or false, not \"\(text)\"")
            }
        }
        var security = TemporalSecurity(
            caPath: caPath ?? variable(Variable.caPath), certPath: certPath ?? variable(Variable.certPath),
            keyPath: keyPath ?? variable(Variable.keyPath), serverName: serverName ?? variable(Variable.serverName),
            disableHostVerification: try disableHostVerification ?? flag(Variable.disableHostVerification) ?? false,
            apiKey: apiKey ?? variable(Variable.apiKey))
        for (name, value) in [("the TLS server name", security.serverName), ("the API key", security.apiKey)] {
            if let value, value.allSatisfy(\.isWhitespace) { throw TemporalError.badSetting("\(name) is empty") }
        }
        // It travels as a header value: printable ASCII, and of a size a server takes.
        if let key = security.apiKey, key.utf8.count > 16_384 || !key.utf8.allSatisfy({ (0x20...0x7e).contains($0) }) {
            throw TemporalError.badSetting("the API key must be one line of printable ASCII, at most 16 KiB")
        }
        switch (security.certPath, security.keyPath) {
        case (.some(let cert), nil):
            throw TemporalError.badSetting("the client certificate \(cert) needs its private key (--temporal-tls-key-path or \(Variable.keyPath))")
        case (nil, .some(let key)):
            throw TemporalError.badSetting("the private key \(key) needs its client certificate (--temporal-tls-cert-path or \(Variable.certPath))")
        default: break
        }
        let impliesTLS = security.apiKey != nil || security.caPath != nil || security.certPath != nil
            || security.serverName != nil || security.disableHostVerification
        security.tls = try tls ?? flag(Variable.tls) ?? impliesTLS
        if !security.tls, security.caPath != nil || security.certPath != nil || security.serverName != nil
            || security.disableHostVerification {
            throw TemporalError.badSetting("TLS is turned off, but a TLS CA file, client certificate or server name is set")
        }
        return security
    }
}
