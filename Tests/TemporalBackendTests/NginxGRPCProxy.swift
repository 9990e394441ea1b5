import AgentTesting
import Foundation
import HTTPServerCore

/// Debian's nginx as a TLS-terminating gRPC proxy on a free loopback port, in front of the dev
/// server's plaintext frontend, as a Temporal Cloud endpoint stands in front of its cluster. It
/// can require a client certificate signed by the test CA (403 without one), and an API key as
/// `authorization: Bearer <key>` (401 otherwise); it logs each call's authorization header.
/// Stopped by its PID.
final class NginxGRPCProxy: Sendable {
    let port: Int
    let directory: URL
    let process: LaunchedProcess

    var address: String { "127.0.0.1:\(port)" }

    static let executable: URL? = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .map(URL.init(fileURLWithPath:)).first { FileManager.default.isExecutableFile(atPath: $0.path) }

    /// Why the proxy cannot run here, or nil when it can.
    static let unavailableReason: String? = executable == nil
        ? "no nginx for the TLS-terminating proxy: `make deps` installs Debian's nginx" : nil

    /// Why the TLS tests cannot run here: no dev server, no openssl or no nginx; nil when they can.
    static let tlsTestsUnavailableReason = TemporalDevServer.unavailableReason ?? TestCertificates.unavailableReason
        ?? unavailableReason

    /// - Parameters:
    ///   - upstream: the dev server's plaintext `HOST:PORT`.
    ///   - requireClientCertificate: refuse calls without a client certificate signed by the test CA.
    ///   - apiKey: refuse calls without `authorization: Bearer <apiKey>`.
    ///   - serverCertificate: which of the test certificates the proxy shows ("server" or "named").
    init(upstream: String, certificates: TestCertificates, serverCertificate: String = "server",
         requireClientCertificate: Bool = false, apiKey: String? = nil) async throws {
        guard let executable = Self.executable else { throw LaunchedProcess.Failure(Self.unavailableReason ?? "no nginx") }
        directory = TestDirectory.make("sb-nginx")
        port = try LoopbackPort.free()
        let dir = directory.path
        var checks = ""
        if requireClientCertificate { checks += "if ($ssl_client_verify != SUCCESS) { return 403; }\n" }
        if let apiKey { checks += "if ($http_authorization != \"Bearer \(apiKey)\") { return 401; }\n" }
        let clientCA = requireClientCertificate
            ? "ssl_client_certificate \(certificates.caPath);\nssl_verify_client optional;" : ""
        let configuration = """
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(dir)/nginx.pid;
            error_log \(dir)/error.log warn;
            events { worker_connections 512; }
            http {
                log_format authorization '$http_authorization';
                client_body_temp_path \(dir)/body;
                proxy_temp_path \(dir)/proxy;
                fastcgi_temp_path \(dir)/fastcgi;
                uwsgi_temp_path \(dir)/uwsgi;
                scgi_temp_path \(dir)/scgi;
                server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(certificates.path(serverCertificate + ".pem"));
                    ssl_certificate_key \(certificates.path(serverCertificate + ".key"));
                    \(clientCA)
                    client_max_body_size 0;
                    grpc_read_timeout 120s;
                    grpc_send_timeout 120s;
                    access_log \(dir)/authorization.log authorization;
                    location / {
                        \(checks)
                        grpc_pass grpc://\(upstream);
                    }
                }
            }
            """
        let file = directory.appendingPathComponent("nginx.conf")
        try Data(configuration.utf8).write(to: file)
        process = try LaunchedProcess("nginx", executable: executable, arguments: ["-p", dir, "-c", file.path, "-e", "stderr"])
        let port = port, process = process
        let listening = await eventually(timeout: .seconds(15), every: .milliseconds(50)) {
            process.isRunning && (try? LoopbackConnection(port: port)) != nil
        }
        guard listening else {
            _ = await process.stop()
            throw LaunchedProcess.Failure("nginx did not listen on \(port): \(process.text) \(errorLog)")
        }
    }

    /// The authorization header of every call so far, one per line ("-" for none).
    var authorizationLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("authorization.log"), encoding: .utf8)) ?? ""
    }

    var errorLog: String {
        (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
    }

    func stop() async {
        _ = await process.stop()
    }
}
