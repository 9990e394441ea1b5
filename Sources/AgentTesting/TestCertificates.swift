import Foundation

/// A throwaway PKI made with the `openssl` command: a CA; signed by it, a server certificate
/// for 127.0.0.1 and localhost ("server"), one for the name temporal.test only ("named"), and a
/// client certificate for mTLS; and a second CA that signed none of them. Files are PEM, in a
/// temporary directory. Used by the Temporal and PostgreSQL TLS tests.
public struct TestCertificates: Sendable {
    public let directory: URL

    public var caPath: String { path("ca.pem") }
    public var serverKeyPath: String { path("server.key") }
    public var clientCertPath: String { path("client.pem") }
    public var clientKeyPath: String { path("client.key") }
    /// A CA that signed none of these certificates.
    public var otherCAPath: String { path("other-ca.pem") }

    public func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    public static let openssl: URL? = ["/usr/bin/openssl", "/bin/openssl", "/usr/local/bin/openssl"]
        .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Why TLS tests cannot run here, or nil when they can.
    public static let unavailableReason: String? = openssl == nil ? "no `openssl` command to make test certificates (apt-get install openssl)" : nil

    /// Makes the files (EC P-256 keys: quick to generate).
    public static func make() async throws -> TestCertificates {
        let certificates = TestCertificates(directory: TestDirectory.make("sb-tls"))
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        let ca = ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]
        try await certificates.run(["req", "-x509"] + curve + ["-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                                                               "-subj", "/CN=switchboard test CA"] + ca)
        try await certificates.run(["req", "-x509"] + curve + ["-keyout", "other-ca.key", "-out", "other-ca.pem", "-days", "2",
                                                               "-subj", "/CN=some other CA"] + ca)
        try await certificates.issue("server", subject: "/CN=localhost",
                                     extensions: "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n")
        try await certificates.issue("named", subject: "/CN=temporal.test",
                                     extensions: "subjectAltName=DNS:temporal.test\nextendedKeyUsage=serverAuth\n")
        try await certificates.issue("client", subject: "/CN=switchboard-worker", extensions: "extendedKeyUsage=clientAuth\n")
        return certificates
    }

    /// A key and a certificate for `name`, signed by the CA with `extensions`.
    private func issue(_ name: String, subject: String, extensions: String) async throws {
        try Data(extensions.utf8).write(to: directory.appendingPathComponent("\(name).ext"))
        try await run(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                       "-keyout", "\(name).key", "-out", "\(name).csr", "-subj", subject])
        try await run(["x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                       "-out", "\(name).pem", "-days", "2", "-extfile", "\(name).ext"])
    }

    private func run(_ arguments: [String]) async throws {
        let run = try LaunchedProcess("openssl \(arguments[0])", executable: Self.openssl!, arguments: arguments, directory: directory)
        guard try await run.exitStatus(timeout: .seconds(30)) == 0 else {
            throw LaunchedProcess.Failure("openssl \(arguments.joined(separator: " ")) failed: \(run.text)")
        }
    }
}
