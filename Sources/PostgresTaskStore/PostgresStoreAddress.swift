import AgentServer
import Foundation
import PostgresNIO

/// Where the shared task store is: a `postgres://user:password@host:port/database` URL
/// (`postgresql://` too; `?host=/dir` for a Unix socket in `dir`; `?sslmode=disable` is the
/// only TLS mode, since the server is expected on a private network).
struct PostgresStoreAddress: Sendable {
    var host: String
    var port: Int
    var socketDirectory: String?
    var user: String
    var password: String?
    var database: String

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
        for name in query.keys where !["host", "sslmode", "application_name"].contains(name) {
            throw bad("unknown parameter '\(name)'")
        }
        if let mode = query["sslmode"], !["disable", "allow", "prefer"].contains(mode) {
            throw bad("sslmode=\(mode) is not supported; only sslmode=disable (plain TCP)")
        }
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
    var connectionConfiguration: PostgresConnection.Configuration {
        configuration(socket: { .init(unixSocketPath: $0, username: $1, password: $2, database: $3) },
                      tcp: { .init(host: $0, port: $1, username: $2, password: $3, database: $4, tls: .disable) })
    }

    /// The client's configuration for this address.
    var clientConfiguration: PostgresClient.Configuration {
        configuration(socket: { .init(unixSocketPath: $0, username: $1, password: $2, database: $3) },
                      tcp: { .init(host: $0, port: $1, username: $2, password: $3, database: $4, tls: .disable) })
    }

    /// A configuration made by `socket` (path, user, password, database) or `tcp` (host, port,
    /// user, password, database), whichever this address is.
    private func configuration<Configuration>(socket: (String, String, String?, String) -> Configuration,
                                              tcp: (String, Int, String, String?, String) -> Configuration) -> Configuration {
        if let socketDirectory { return socket("\(socketDirectory)/.s.PGSQL.\(port)", user, password, database) }
        return tcp(host, port, user, password, database)
    }
}
