import AgentServer
import Foundation
import NIOSSL
import PostgresNIO

/// Where the shared task store is: a `postgres://user:password@host:port/database` URL
/// (`postgresql://` too; `?host=/dir` for a Unix socket in `dir`), with libpq's TLS parameters:
/// `sslmode` (`disable`; `allow` and `prefer`, the default: TLS when the server offers it;
/// `require`: TLS always; `verify-ca`: and a certificate from a trusted CA; `verify-full`: and
/// for this host), `sslrootcert` (the CA file; with it, `require` verifies as `verify-ca`, as
/// libpq does), and `sslcert` with `sslkey` (a client certificate).
struct PostgresStoreAddress: Sendable {
    var host: String
    var port: Int
    var socketDirectory: String?
    var user: String
    var password: String?
    var database: String
    var tls: TLSSettings

    /// The TLS parameters of the URL.
    struct TLSSettings: Sendable {
        enum Mode: String, Sendable { case disable, allow, prefer, require, verifyCA = "verify-ca", verifyFull = "verify-full" }
        var mode = Mode.prefer
        var rootCertificate: String?
        var clientCertificate: String?
        var clientKey: String?
    }

    /// - Throws: `TaskDatabaseError` naming what is wrong with `url` (its password left out).
    init(url: String) throws {
        func bad(_ problem: String) -> TaskDatabaseError {
            TaskDatabaseError(message: "--tasks-url: \(problem) (expected postgres://user:password@host:port/database)")
        }
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased() else {
            throw bad("not a URL")
        }
        guard scheme == "postgres" || scheme == "postgresql" else { throw bad("the scheme is '\(scheme)', not postgres") }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let known = ["host", "sslmode", "sslrootcert", "sslcert", "sslkey", "application_name"]
        for name in query.keys where !known.contains(name) {
            throw bad("unknown parameter '\(name)'")
        }
        tls = TLSSettings()
        if let text = query["sslmode"] {
            guard let mode = TLSSettings.Mode(rawValue: text) else {
                throw bad("sslmode=\(text) is not one of disable, allow, prefer, require, verify-ca, verify-full")
            }
            tls.mode = mode
        }
        (tls.rootCertificate, tls.clientCertificate, tls.clientKey) = (query["sslrootcert"], query["sslcert"], query["sslkey"])
        if (tls.clientCertificate == nil) != (tls.clientKey == nil) { throw bad("sslcert and sslkey go together") }
        socketDirectory = query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil }
        host = components.host.flatMap { $0.isEmpty ? nil : $0 } ?? "127.0.0.1"
        guard socketDirectory != nil || components.host?.isEmpty == false else { throw bad("no host") }
        port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw bad("port \(port) is out of range") }
        guard let user = components.user, !user.isEmpty else { throw bad("no user") }
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = String(components.path.drop { $0 == "/" })
        guard !path.isEmpty, !path.contains("/") else { throw bad("no database name after the host") }
        database = path.removingPercentEncoding ?? path
    }

    /// The address without credentials, for messages.
    var description: String {
        socketDirectory.map { "\($0)/.s.PGSQL.\(port) database \(database)" } ?? "\(host):\(port)/\(database)"
    }

    /// One connection's configuration for this address (to find why the pool cannot connect).
    /// - Throws: `TaskDatabaseError` naming a TLS file that cannot be read.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tls: PostgresConnection.Configuration.TLS = switch try tlsConfiguration() {
        case nil: .disable
        case (let configuration, required: true)?: .require(try Self.context(configuration))
        case (let configuration, required: false)?: .prefer(try Self.context(configuration))
        }
        return configuration(socket: { .init(unixSocketPath: $0, username: $1, password: $2, database: $3) },
                             tcp: { .init(host: $0, port: $1, username: $2, password: $3, database: $4, tls: tls) })
    }

    /// The client's configuration for this address.
    /// - Throws: `TaskDatabaseError` naming a TLS file that cannot be read.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS = switch try tlsConfiguration() {
        case nil: .disable
        case (let configuration, required: true)?: .require(configuration)
        case (let configuration, required: false)?: .prefer(configuration)
        }
        return configuration(socket: { .init(unixSocketPath: $0, username: $1, password: $2, database: $3) },
                             tcp: { .init(host: $0, port: $1, username: $2, password: $3, database: $4, tls: tls) })
    }

    /// What `sslmode` and the files ask for: nil for no TLS, else the TLS configuration and
    /// whether a server without TLS is refused. The files are read here, once.
    private func tlsConfiguration() throws -> (TLSConfiguration, required: Bool)? {
        guard tls.mode != .disable, socketDirectory == nil else { return nil }
        func file<T>(_ parameter: String, _ path: String, _ read: (String) throws -> T) throws -> T {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw TaskDatabaseError(message: "--tasks-url: \(parameter)=\(path): no such readable file")
            }
            do { return try read(path) } catch {
                throw TaskDatabaseError(message: "--tasks-url: \(parameter)=\(path) is not a PEM \(parameter == "sslkey" ? "key" : "certificate"): \(error)")
            }
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        let verifies = tls.mode == .verifyCA || tls.mode == .verifyFull || (tls.mode == .require && tls.rootCertificate != nil)
        configuration.certificateVerification = !verifies ? .none : tls.mode == .verifyFull ? .fullVerification : .noHostnameVerification
        if let path = tls.rootCertificate {
            configuration.trustRoots = .certificates(try file("sslrootcert", path) { try NIOSSLCertificate.fromPEMFile($0) })
        }
        if let certificate = tls.clientCertificate, let key = tls.clientKey {
            configuration.certificateChain = try file("sslcert", certificate) { try NIOSSLCertificate.fromPEMFile($0) }
                .map { .certificate($0) }
            configuration.privateKey = .privateKey(try file("sslkey", key) { try NIOSSLPrivateKey(file: $0, format: .pem) })
        }
        return (configuration, required: ![TLSSettings.Mode.allow, .prefer].contains(tls.mode))
    }

    private static func context(_ configuration: TLSConfiguration) throws -> NIOSSLContext {
        do { return try NIOSSLContext(configuration: configuration) } catch {
            throw TaskDatabaseError(message: "--tasks-url: the TLS settings do not make a TLS context: \(error)")
        }
    }

    /// A configuration made by `socket` (path, user, password, database) or `tcp` (host, port,
    /// user, password, database), whichever this address is.
    private func configuration<Configuration>(socket: (String, String, String?, String) -> Configuration,
                                              tcp: (String, Int, String, String?, String) -> Configuration) -> Configuration {
        if let socketDirectory { return socket("\(socketDirectory)/.s.PGSQL.\(port)", user, password, database) }
        return tcp(host, port, user, password, database)
    }
}
