import Foundation
import HTTPServerCore
import Synchronization

/// A PostgreSQL server for one test (or benchmark): Debian's `postgresql` binaries, a data directory in a test
/// directory, a free port on 127.0.0.1 and its socket in that directory. It is a child process
/// (`postgres` itself, not `pg_ctl`), so it is killed with the test's other processes however the
/// test ends. As root (initdb refuses root), it runs as `nobody` through `setpriv`.
public final class PostgresTestServer: Sendable {
    public let port: Int
    public let directory: URL
    /// True when the server takes TLS connections only (`start(tlsOnlyWith:)`).
    public let tlsOnly: Bool
    private let server = Mutex<LaunchedProcess?>(nil)

    /// The directory of `initdb`, `postgres`, `createdb` and `psql`: the newest installed version.
    public static let binaries: URL? = {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        return versions.reversed().map { URL(fileURLWithPath: "\(root)/\($0)/bin") }.first { bin in
            ["initdb", "postgres", "createdb", "psql"].allSatisfy {
                FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent($0).path)
            }
        }
    }()

    /// Why a server cannot be started here, or nil when it can.
    public static let unavailableReason: String? = {
        guard binaries != nil else {
            return "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (Debian's postgresql package; `make deps` installs it)"
        }
        if getuid() == 0, !FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") {
            return "running as root, and no /usr/bin/setpriv to run PostgreSQL as nobody (initdb refuses root)"
        }
        return nil
    }()

    /// The command prefix that runs a server binary as an unprivileged user.
    private static var unprivileged: [String] {
        getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] : []
    }

    private init(port: Int, directory: URL, tlsOnly: Bool) {
        self.port = port
        self.directory = directory
        self.tlsOnly = tlsOnly
    }

    /// Makes a data directory and starts the server on it. With `certificates`, the server
    /// presents their "server" certificate and refuses TCP connections without TLS.
    public static func start(tlsOnlyWith certificates: TestCertificates? = nil) async throws -> PostgresTestServer {
        guard unavailableReason == nil, let binaries else { throw LaunchedProcess.Failure(unavailableReason ?? "no PostgreSQL") }
        let directory = TestDirectory.make("sb-postgres")
        if getuid() == 0 {
            guard chown(directory.path, 65534, 65534) == 0 else { throw LaunchedProcess.Failure("cannot chown \(directory.path)") }
        }
        let initdb = try launch("initdb", binaries.appendingPathComponent("initdb"), [
            "-D", directory.appendingPathComponent("data").path, "-U", "switchboard", "-A", "trust", "-E", "UTF8",
            "--no-sync", "--locale=C",
        ])
        guard try await initdb.exitStatus() == 0 else { throw LaunchedProcess.Failure("initdb failed: \(initdb.text)") }
        if let certificates { try requireTLS(in: directory.appendingPathComponent("data"), certificates: certificates) }
        let server = PostgresTestServer(port: try LoopbackPort.free(), directory: directory, tlsOnly: certificates != nil)
        try await server.resume()
        return server
    }

    /// Puts the server certificate and key in the data directory (the key readable by the
    /// server's user only, as PostgreSQL requires) and lets TCP clients in with TLS only.
    private static func requireTLS(in data: URL, certificates: TestCertificates) throws {
        for (source, name) in [(certificates.path("server.pem"), "server.crt"), (certificates.serverKeyPath, "server.key")] {
            let target = data.appendingPathComponent(name).path
            try FileManager.default.copyItem(atPath: source, toPath: target)
            if getuid() == 0, chown(target, 65534, 65534) != 0 { throw LaunchedProcess.Failure("cannot chown \(target)") }
            chmod(target, 0o600)
        }
        let access = "local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 0.0.0.0/0 reject\n"
        try Data(access.utf8).write(to: data.appendingPathComponent("pg_hba.conf"))
        try Data("ssl = on\n".utf8).write(to: data.appendingPathComponent("postgresql.auto.conf"))
    }

    private static func launch(_ name: String, _ executable: URL, _ arguments: [String]) throws -> LaunchedProcess {
        let prefix = unprivileged
        let command = prefix.isEmpty ? executable : URL(fileURLWithPath: prefix[0])
        let all = prefix.isEmpty ? arguments : Array(prefix.dropFirst()) + [executable.path] + arguments
        return try LaunchedProcess(name, executable: command, arguments: all, environment: ["LC_ALL": "C"])
    }

    /// Starts the server (again) on its data directory and port; returns once it accepts connections.
    public func resume() async throws {
        guard let binaries = Self.binaries else { return }
        let process = try Self.launch("postgres", binaries.appendingPathComponent("postgres"), [
            "-D", directory.appendingPathComponent("data").path, "-p", "\(port)", "-k", directory.path,
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off", "-c", "max_connections=100",
        ])
        server.withLock { $0 = process }
        try await process.waitFor("ready to accept connections", timeout: .seconds(60))
    }

    /// Stops the server at once (a fast shutdown: connections are cut, as a crash or restart would).
    public func pause() async {
        guard let process = server.withLock({ $0 }) else { return }
        process.signal(SIGINT)
        _ = try? await process.exitStatus(timeout: .seconds(30))
    }

    /// Creates database `name`; returns its `postgres://` URL.
    public func createDatabase(_ name: String) async throws -> String {
        _ = try await psql("CREATE DATABASE \(name)", database: "postgres")
        return url(database: name)
    }

    /// The URL of database `name` on this server.
    public func url(database name: String) -> String { "postgres://switchboard@127.0.0.1:\(port)/\(name)" }

    /// Runs `sql` with `psql` on database `name`; returns what it printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, database name: String) async throws -> String {
        guard let binaries = Self.binaries else { throw LaunchedProcess.Failure(Self.unavailableReason ?? "no PostgreSQL") }
        let process = try LaunchedProcess("psql", executable: binaries.appendingPathComponent("psql"), arguments: [
            "-h", "127.0.0.1", "-p", "\(port)", "-U", "switchboard", "-d", name, "-v", "ON_ERROR_STOP=1", "-At", "-c", sql,
        ])
        guard try await process.exitStatus() == 0 else { throw LaunchedProcess.Failure("psql \(sql): \(process.text)") }
        return process.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Stops the server (at the end of a test).
    public func stop() async {
        await pause()
    }
}
